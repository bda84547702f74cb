//! Paragraph styles (`word/styles.xml`): what a paragraph inherits from its
//! style chain — the outline level of a heading style and the list a
//! numbered heading style belongs to.

use super::xml::{attr, attr_i64, walk, Walk};
use std::collections::HashMap;

/// A list reference (`w:numPr`): either half may be missing and inherited.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct NumRef {
    pub num_id: Option<i64>,
    pub ilvl: Option<i64>,
}

#[derive(Debug, Clone, Default)]
struct StyleDef {
    name: String,
    based_on: Option<String>,
    outline: Option<i64>,
    num: NumRef,
}

/// The paragraph styles of a document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Styles {
    map: HashMap<String, StyleDef>,
    default_para: Option<String>,
}

/// Longest `w:basedOn` chain followed (real chains are a few deep; a cycle
/// must not loop).
const MAX_CHAIN: usize = 16;
/// Most styles kept; a real styles part has a few hundred.
const MAX_STYLES: usize = 20_000;

impl Styles {
    /// Parse tolerantly: a malformed part yields the styles read so far.
    pub fn parse(xml: &[u8]) -> Styles {
        let mut out = Styles::default();
        let mut current: Option<(String, StyleDef)> = None;
        walk(xml, |ev| {
            let (path, e) = match ev {
                Walk::Open(path, e) => (path, e),
                Walk::Close(name) => {
                    if name == "style" {
                        if let Some((id, def)) = current.take() {
                            if out.map.len() < MAX_STYLES {
                                out.map.insert(id, def);
                            }
                        }
                    }
                    return;
                }
            };
            let local = e.local_name();
            let local = local.as_ref();
            if local == "style" && path.is(&["styles"]) {
                let kind = attr(e, "type");
                // Numbering styles are kept too: a list definition may point
                // at one (`w:numStyleLink`) for its actual numId.
                if kind
                    .as_deref()
                    .is_none_or(|k| k == "paragraph" || k == "numbering")
                {
                    let id = attr(e, "styleId").unwrap_or_default();
                    if attr(e, "default").is_some_and(|v| v == "1" || v == "true") {
                        out.default_para = Some(id.clone());
                    }
                    current = Some((id, StyleDef::default()));
                }
            } else if let Some((_, def)) = current.as_mut() {
                let val = || attr(e, "val");
                if path.is(&["styles", "style"]) {
                    match local {
                        "name" => def.name = val().unwrap_or_default(),
                        "basedOn" => def.based_on = val(),
                        _ => {}
                    }
                } else if path.is(&["styles", "style", "pPr"]) && local == "outlineLvl" {
                    def.outline = attr_i64(e, "val");
                } else if path.is(&["styles", "style", "pPr", "numPr"]) {
                    match local {
                        "numId" => def.num.num_id = attr_i64(e, "val"),
                        "ilvl" => def.num.ilvl = attr_i64(e, "val"),
                        _ => {}
                    }
                }
            }
        });
        out
    }

    /// The style chain from `id` (or the default paragraph style) upwards.
    fn chain<'s>(&'s self, id: Option<&'s str>) -> impl Iterator<Item = &'s StyleDef> + 's {
        let mut next = id.or(self.default_para.as_deref());
        let mut steps = 0;
        std::iter::from_fn(move || {
            if steps >= MAX_CHAIN {
                return None;
            }
            steps += 1;
            let def = self.map.get(next?)?;
            next = def.based_on.as_deref();
            Some(def)
        })
    }

    /// Outline level 1–9 a paragraph of this style gets: the nearest
    /// `w:outlineLvl` in the chain, else a built-in heading style's name
    /// ("heading 2", WPS's "标题 2").
    pub fn heading(&self, id: Option<&str>) -> Option<u8> {
        for def in self.chain(id) {
            if let Some(l) = def.outline {
                return outline_to_heading(l);
            }
            let name = def.name.to_ascii_lowercase();
            let rest = name
                .strip_prefix("heading")
                .or_else(|| def.name.strip_prefix("标题"));
            if let Some(n) = rest.and_then(|r| r.trim().parse::<u8>().ok()) {
                if (1..=9).contains(&n) {
                    return Some(n);
                }
            }
        }
        None
    }

    /// The `w:numId` a numbering style carries (for `w:numStyleLink`).
    pub fn numbering_style_num(&self, id: &str) -> Option<i64> {
        self.map.get(id).and_then(|d| d.num.num_id)
    }

    /// The list reference a paragraph of this style inherits: the nearest
    /// `w:numId` in the chain, with the nearest `w:ilvl`.
    pub fn num(&self, id: Option<&str>) -> NumRef {
        let mut out = NumRef::default();
        for def in self.chain(id) {
            if out.num_id.is_none() {
                out.num_id = def.num.num_id;
            }
            if out.ilvl.is_none() {
                out.ilvl = def.num.ilvl;
            }
        }
        out
    }
}

/// `w:outlineLvl` 0–8 is heading 1–9; 9 means body text.
pub(crate) fn outline_to_heading(level: i64) -> Option<u8> {
    (0..9).contains(&level).then(|| level as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
      <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/>
        <w:pPr><w:numPr><w:numId w:val="4"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="child"><w:name w:val="My heading"/><w:basedOn w:val="1"/>
        <w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="wps"><w:name w:val="标题 3"/></w:style>
      <w:style w:type="paragraph" w:styleId="loop"><w:basedOn w:val="loop"/></w:style>
      <w:style w:type="character" w:styleId="c"><w:name w:val="heading 1 Char"/></w:style>
    </w:styles>"#;

    #[test]
    fn headings_and_lists_come_through_the_chain() {
        let s = Styles::parse(XML.as_bytes());
        assert_eq!(s.heading(Some("1")), Some(1));
        assert_eq!(s.heading(Some("child")), Some(1));
        assert_eq!(s.heading(Some("wps")), Some(3));
        assert_eq!(s.heading(None), None);
        assert_eq!(s.heading(Some("loop")), None);
        assert_eq!(s.heading(Some("c")), None, "character styles are not kept");
        assert_eq!(
            s.num(Some("child")),
            NumRef {
                num_id: Some(4),
                ilvl: Some(1)
            }
        );
    }
}
