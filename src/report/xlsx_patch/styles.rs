//! `styles.xml`: what the marks need from it (the number format of a cell
//! style), the mark `dxf`s appended to `<dxfs>`, and the result sheets'
//! styles merged in with their indices remapped.
//!
//! Everything is appended: existing fonts, fills, borders, formats and cell
//! styles keep their indices, so no cell of the user's sheets changes.

use super::marker;
use super::xml::{self, El, Splice};
use super::{MarkLevel, PatchError};
use std::collections::{BTreeMap, HashMap};

/// CT_Stylesheet child order.
const ORDER: [&str; 11] = [
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
];

/// Used for a package without `styles.xml`: what Excel assumes then.
const MINIMAL: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
    "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">",
    "<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>",
    "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>",
    "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>",
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>",
    "<cellXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/></cellXfs>",
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>",
    "</styleSheet>"
);

/// Index maps of the result sheets' styles into the merged styles.
#[derive(Debug, Default)]
pub(crate) struct StyleMap {
    pub xf: Vec<u32>,
    pub dxf: Vec<u32>,
}

/// The input's styles with what we append.
pub(crate) struct Styles {
    xml: String,
    els: Vec<El>,
    /// The package had no styles part; this one is new.
    pub created: bool,
    /// Custom number formats by id.
    numfmts: HashMap<u32, String>,
    next_fmt: u32,
    /// numFmtId of each cell style.
    xf_fmt: Vec<u32>,
    /// Items per container already present.
    counts: HashMap<&'static str, usize>,
    /// Items to append per container.
    pending: BTreeMap<&'static str, String>,
    /// ` xmlns="…main"` when the part binds the main namespace to a prefix
    /// only, so that our unprefixed items land in the right namespace.
    ns_decl: &'static str,
    dxf_cache: HashMap<(u8, bool, Option<String>), u32>,
}

fn item_name(container: &str) -> &'static str {
    match container {
        "numFmts" => "numFmt",
        "fonts" => "font",
        "fills" => "fill",
        "borders" => "border",
        "cellStyleXfs" | "cellXfs" => "xf",
        "cellStyles" => "cellStyle",
        "dxfs" => "dxf",
        _ => "",
    }
}

/// Items (direct children with the container's item name) of each
/// container, as element indices.
fn items<'e>(els: &'e [El], container: &str) -> Vec<&'e El> {
    let Some(c) = els
        .iter()
        .position(|e| e.depth == 1 && e.local() == container)
    else {
        return Vec::new();
    };
    let item = item_name(container);
    els.iter()
        .filter(|e| e.depth == 2 && e.parent == Some(c) && e.local() == item)
        .collect()
}

fn num(el: &El, xml: &str, key: &str) -> Option<u32> {
    el.attr(xml, key).and_then(|v| v.trim().parse().ok())
}

impl Styles {
    pub fn parse(xml: Option<String>) -> Result<Self, PatchError> {
        let created = xml.is_none();
        let xml = xml.unwrap_or_else(|| MINIMAL.to_string());
        let els = xml::scan(&xml, |d, _| d <= 2)?;
        let root = els
            .first()
            .filter(|e| e.local() == "styleSheet")
            .ok_or_else(|| PatchError::new("styles.xml 格式错误"))?;
        if root.is_empty() {
            return Err(PatchError::new("styles.xml 为空"));
        }
        let ns_decl = xml::main_ns_decl(root.head(&xml))?;
        let mut numfmts = HashMap::new();
        let mut next_fmt = 164;
        for f in items(&els, "numFmts") {
            if let Some(id) = num(f, &xml, "numFmtId") {
                numfmts.insert(id, f.attr(&xml, "formatCode").unwrap_or_default());
                next_fmt = next_fmt.max(id.saturating_add(1));
            }
        }
        let xf_fmt = items(&els, "cellXfs")
            .iter()
            .map(|x| num(x, &xml, "numFmtId").unwrap_or(0))
            .collect();
        let mut counts = HashMap::new();
        for c in ORDER {
            counts.insert(c, items(&els, c).len());
        }
        Ok(Styles {
            xml,
            els,
            created,
            numfmts,
            next_fmt,
            xf_fmt,
            counts,
            pending: BTreeMap::new(),
            ns_decl,
            dxf_cache: HashMap::new(),
        })
    }

    /// Format code of cell style `xf`, when a marked form of it would show
    /// the value as before (see [`marker::builtin`]).
    pub fn format_code(&self, xf: usize) -> Option<String> {
        let id = self.xf_fmt.get(xf).copied().unwrap_or(0);
        match self.numfmts.get(&id) {
            Some(code) => Some(code.clone()),
            None => marker::builtin(id).map(str::to_string),
        }
    }

    fn push(&mut self, container: &'static str, item: &str) -> u32 {
        let item = xml::with_ns(item, self.ns_decl);
        self.pending.entry(container).or_default().push_str(&item);
        let n = self.counts.entry(container).or_default();
        *n += 1;
        (*n - 1) as u32
    }

    fn new_numfmt(&mut self, code: &str) -> u32 {
        let id = self.next_fmt;
        self.next_fmt += 1;
        self.numfmts.insert(id, code.to_string());
        self.push(
            "numFmts",
            &format!(
                "<numFmt numFmtId=\"{id}\" formatCode=\"{}\"/>",
                xml::esc(code)
            ),
        );
        id
    }

    /// The dxf of a mark: the level's fill and a solid border for a flagged
    /// cell (with its marked number format, if any), a dashed border alone
    /// for a related cell. Equal marks share one dxf.
    pub fn mark_dxf(&mut self, level: MarkLevel, related: bool, format: Option<&str>) -> u32 {
        let key = (level as u8, related, format.map(str::to_string));
        if let Some(&id) = self.dxf_cache.get(&key) {
            return id;
        }
        let (fill, line) = level.colours();
        let (fill, line) = (format!("FF{fill:06X}"), format!("FF{line:06X}"));
        let numfmt = match format {
            Some(code) => {
                let id = self.new_numfmt(code);
                format!(
                    "<numFmt numFmtId=\"{id}\" formatCode=\"{}\"/>",
                    xml::esc(code)
                )
            }
            None => String::new(),
        };
        let fill = if related {
            String::new()
        } else {
            format!(
                "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"{fill}\"/><bgColor rgb=\"{fill}\"/></patternFill></fill>"
            )
        };
        let style = if related { "dashed" } else { "thin" };
        let side = |s: &str| format!("<{s} style=\"{style}\"><color rgb=\"{line}\"/></{s}>");
        let border = format!(
            "<border>{}{}{}{}</border>",
            side("left"),
            side("right"),
            side("top"),
            side("bottom")
        );
        let id = self.push("dxfs", &format!("<dxf>{numfmt}{fill}{border}</dxf>"));
        self.dxf_cache.insert(key, id);
        id
    }

    /// Append the result workbook's styles; returns where its cell styles
    /// and dxfs landed.
    ///
    /// Cell styles (`cellXfs`) keep their fonts, fills, borders and number
    /// formats; their parent named style becomes the input's Normal
    /// (`xfId="0"`) with the `apply*` flags set, so no named style
    /// (`cellStyleXfs`/`cellStyles`) is added to the user's list.
    pub fn merge(&mut self, results: &str) -> Result<StyleMap, PatchError> {
        let els = xml::scan(results, |d, _| d <= 2)?;
        let mut base: HashMap<&str, u32> = HashMap::new();
        for c in ["fonts", "fills", "borders"] {
            base.insert(c, self.counts.get(c).copied().unwrap_or(0) as u32);
            for it in items(&els, c) {
                let text = &results[it.start..it.end];
                self.push(c, text);
            }
        }
        let mut fmt_map: HashMap<u32, u32> = HashMap::new();
        for f in items(&els, "numFmts") {
            let (Some(id), Some(code)) =
                (num(f, results, "numFmtId"), f.attr(results, "formatCode"))
            else {
                continue;
            };
            let existing = self
                .numfmts
                .iter()
                .find(|(_, c)| **c == code)
                .map(|(i, _)| *i);
            let new = match existing {
                Some(i) => i,
                None if id < 164 => id,
                None => self.new_numfmt(&code),
            };
            fmt_map.insert(id, new);
        }
        let mut map = StyleMap::default();
        for x in items(&els, "cellXfs") {
            let text = &results[x.start..x.end];
            // The item as a part of its own, without parsing it again.
            let head = &El {
                start: 0,
                head_end: x.head_end - x.start,
                close: x.close - x.start,
                end: x.end - x.start,
                ..x.clone()
            };
            let mut s = Splice::default();
            for (attr, c) in [
                ("fontId", "fonts"),
                ("fillId", "fills"),
                ("borderId", "borders"),
            ] {
                let v = num(head, text, attr).unwrap_or(0);
                s.set_attr(text, head, attr, &(v + base[c]).to_string());
            }
            let f = num(head, text, "numFmtId").unwrap_or(0);
            s.set_attr(
                text,
                head,
                "numFmtId",
                &fmt_map.get(&f).copied().unwrap_or(f).to_string(),
            );
            if num(head, text, "xfId").unwrap_or(0) != 0 {
                for flag in ["applyFont", "applyFill", "applyBorder", "applyNumberFormat"] {
                    if head.attr(text, flag).is_none() {
                        s.set_attr(text, head, flag, "1");
                    }
                }
            }
            s.set_attr(text, head, "xfId", "0");
            let item = s.apply(text)?;
            map.xf.push(self.push("cellXfs", &item));
        }
        for d in items(&els, "dxfs") {
            let text = &results[d.start..d.end];
            if text.contains("numFmt") {
                return Err(PatchError::new(
                    "结果工作簿的条件格式含数字格式，暂不支持合并",
                ));
            }
            map.dxf.push(self.push("dxfs", text));
        }
        Ok(map)
    }

    /// The edited part, or `None` when nothing was appended.
    pub fn finish(self) -> Result<Option<String>, PatchError> {
        if self.pending.is_empty() && !self.created {
            return Ok(None);
        }
        let xml = &self.xml;
        let (root, kids) = xml::root_and_children(&self.els)?;
        let mut s = Splice::default();
        for (c, added) in &self.pending {
            let count = self.counts.get(c).copied().unwrap_or(0);
            match kids.iter().map(|&k| &self.els[k]).find(|e| e.local() == *c) {
                Some(el) if el.is_empty() => {
                    let p = el.prefix();
                    s.replace(
                        el.start,
                        el.end,
                        format!(
                            "<{p}{c}{} count=\"{count}\">{added}</{p}{c}>",
                            self.ns_decl_for(p)
                        ),
                    );
                }
                Some(el) => {
                    s.set_attr(xml, el, "count", &count.to_string());
                    s.insert(el.close, added.as_str());
                }
                None => {
                    let at = xml::insert_at(xml, &self.els, root, &kids, &ORDER, c)?;
                    s.insert(
                        at,
                        format!("<{c}{} count=\"{count}\">{added}</{c}>", self.ns_decl),
                    );
                }
            }
        }
        s.apply(xml).map(Some)
    }

    /// An existing empty container keeps its prefix; an unprefixed one
    /// needs the namespace declaration when the default namespace is not
    /// the main one.
    fn ns_decl_for(&self, prefix: &str) -> &'static str {
        if prefix.is_empty() {
            self.ns_decl
        } else {
            ""
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_styles_are_appended_and_remapped() {
        let mut st = Styles::parse(None).unwrap();
        let res = r#"<styleSheet xmlns="m"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts><fonts count="2"><font/><font><b/></font></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="1" applyAlignment="1"><alignment wrapText="1"/></xf></cellXfs></styleSheet>"#;
        let map = st.merge(res).unwrap();
        assert_eq!(map.xf, vec![1, 2]);
        let d = st.mark_dxf(MarkLevel::Error, false, Some("0\" ①\""));
        assert_eq!(d, 0);
        assert_eq!(st.mark_dxf(MarkLevel::Error, false, Some("0\" ①\"")), 0);
        assert_eq!(st.mark_dxf(MarkLevel::Info, true, None), 1);
        let out = st.finish().unwrap().unwrap();
        assert!(out.contains(r#"<xf numFmtId="164" fontId="2" fillId="2" borderId="1" xfId="0" applyAlignment="1" applyFont="1" applyFill="1" applyBorder="1" applyNumberFormat="1"><alignment wrapText="1"/></xf>"#), "{out}");
        assert!(out.contains(r#"<fonts count="3">"#));
        assert!(out.contains(r#"<numFmt numFmtId="164" formatCode="0.0%"/>"#));
        assert!(out.contains(r#"<dxfs count="2"><dxf><numFmt numFmtId="165""#));
        let els = xml::scan(&out, |d, _| d == 1).unwrap();
        let names: Vec<&str> = els
            .iter()
            .filter(|e| e.depth == 1)
            .map(|e| e.local())
            .collect();
        assert_eq!(
            names,
            [
                "numFmts",
                "fonts",
                "fills",
                "borders",
                "cellStyleXfs",
                "cellXfs",
                "cellStyles",
                "dxfs"
            ]
        );
    }

    #[test]
    fn cell_formats_come_from_custom_and_locale_neutral_builtins() {
        let xml = r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="170" formatCode="0.0&quot;万&quot;"/></numFmts><cellXfs count="3"><xf numFmtId="10"/><xf numFmtId="170"/><xf numFmtId="14"/></cellXfs><dxfs count="0"/></styleSheet>"#;
        let st = Styles::parse(Some(xml.to_string())).unwrap();
        assert_eq!(st.format_code(0).as_deref(), Some("0.00%"));
        assert_eq!(st.format_code(1).as_deref(), Some("0.0\"万\""));
        assert_eq!(st.format_code(2), None);
        assert_eq!(st.format_code(9).as_deref(), Some("General"));
    }
}
