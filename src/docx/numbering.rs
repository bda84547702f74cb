//! List labels (`word/numbering.xml`): which label Word draws before a
//! numbered paragraph — "一、", "（二）", "1.", "3.2" — computed with counters
//! the way Word keeps them.
//!
//! Word's rules, as implemented here: paragraphs whose `w:num` entries
//! share an abstract definition continue one list; a `w:num` with a
//! `w:startOverride` is a list of its own; using a level resets the deeper
//! levels unless their `w:lvlRestart` says otherwise (0 = never); a level
//! not yet used shows its start value; `w:isLgl` shows every level as a
//! decimal.

use super::numfmt::format_number;
use super::styles::Styles;
use super::xml::{attr, attr_i64, on_off, walk, Walk};
use std::collections::HashMap;

/// Levels a list definition has (0–8).
const LEVELS: usize = 9;
/// Most definitions kept from one part.
const MAX_DEFS: usize = 50_000;

#[derive(Debug, Clone, Default)]
struct Level {
    start: Option<i64>,
    fmt: String,
    text: Option<String>,
    restart: Option<i64>,
    legal: bool,
    style: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: [Option<Level>; LEVELS],
    num_style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: i64,
    start: [Option<i64>; LEVELS],
    levels: [Option<Level>; LEVELS],
}

impl Num {
    fn has_start_override(&self) -> bool {
        self.start.iter().any(Option::is_some)
    }
}

/// Which counters a paragraph advances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ListKey {
    Abstract(i64),
    Num(i64),
}

/// The list definitions and the counters so far.
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<i64, Abstract>,
    nums: HashMap<i64, Num>,
    counters: HashMap<ListKey, [Option<i64>; LEVELS]>,
}

fn level_index(e: &quick_xml::events::BytesStart<'_>) -> Option<usize> {
    attr_i64(e, "ilvl").and_then(|l| usize::try_from(l).ok().filter(|&l| l < LEVELS))
}

impl Numbering {
    /// Parse tolerantly: a malformed part yields what was read so far.
    pub fn parse(xml: &[u8]) -> Numbering {
        let mut out = Numbering::default();
        let mut abs: Option<(i64, Abstract)> = None;
        let mut num: Option<(i64, Num)> = None;
        let mut level: Option<(usize, Level)> = None;
        let mut override_level: Option<usize> = None;
        walk(xml, |ev| {
            let (path, e) = match ev {
                Walk::Open(path, e) => (path, e),
                Walk::Close(name) => {
                    match name {
                        "lvl" => {
                            if let Some((i, l)) = level.take() {
                                if let Some((_, n)) = num.as_mut() {
                                    n.levels[i] = Some(l);
                                } else if let Some((_, a)) = abs.as_mut() {
                                    a.levels[i] = Some(l);
                                }
                            }
                        }
                        "lvlOverride" => override_level = None,
                        "abstractNum" => {
                            if let Some((id, a)) = abs.take() {
                                if out.abstracts.len() < MAX_DEFS {
                                    out.abstracts.insert(id, a);
                                }
                            }
                        }
                        "num" => {
                            if let Some((id, n)) = num.take() {
                                if out.nums.len() < MAX_DEFS {
                                    out.nums.insert(id, n);
                                }
                            }
                        }
                        _ => {}
                    }
                    return;
                }
            };
            let local = e.local_name();
            match local.as_ref() {
                "abstractNum" if path.is(&["numbering"]) => {
                    abs = attr_i64(e, "abstractNumId").map(|id| (id, Abstract::default()));
                }
                "num" if path.is(&["numbering"]) => {
                    num = attr_i64(e, "numId").map(|id| (id, Num::default()));
                }
                "abstractNumId" if path.is(&["numbering", "num"]) => {
                    if let (Some((_, n)), Some(v)) = (num.as_mut(), attr_i64(e, "val")) {
                        n.abstract_id = v;
                    }
                }
                "numStyleLink" if path.is(&["numbering", "abstractNum"]) => {
                    if let Some((_, a)) = abs.as_mut() {
                        a.num_style_link = attr(e, "val");
                    }
                }
                "lvlOverride" if path.is(&["numbering", "num"]) => {
                    override_level = level_index(e);
                }
                "startOverride" if path.is(&["numbering", "num", "lvlOverride"]) => {
                    if let (Some((_, n)), Some(i)) = (num.as_mut(), override_level) {
                        n.start[i] = attr_i64(e, "val");
                    }
                }
                "lvl"
                    if path.is(&["numbering", "abstractNum"])
                        || path.is(&["numbering", "num", "lvlOverride"]) =>
                {
                    level = level_index(e)
                        .or(override_level)
                        .map(|i| (i, Level::default()));
                }
                _ => {
                    let in_level = path.is(&["numbering", "abstractNum", "lvl"])
                        || path.is(&["numbering", "num", "lvlOverride", "lvl"]);
                    if let (true, Some((_, l))) = (in_level, level.as_mut()) {
                        match local.as_ref() {
                            "start" => l.start = attr_i64(e, "val"),
                            "numFmt" => l.fmt = attr(e, "val").unwrap_or_default(),
                            "lvlText" => l.text = attr(e, "val"),
                            "lvlRestart" => l.restart = attr_i64(e, "val"),
                            "isLgl" => l.legal = on_off(e),
                            "pStyle" => l.style = attr(e, "val"),
                            _ => {}
                        }
                    }
                }
            }
        });
        out
    }

    /// The abstract definition behind `num_id`, following one
    /// `w:numStyleLink` through its numbering style.
    fn definition(&self, num_id: i64, styles: &Styles) -> Option<(i64, &Abstract)> {
        let num = self.nums.get(&num_id)?;
        let abs = self.abstracts.get(&num.abstract_id)?;
        if let Some(link) = &abs.num_style_link {
            let linked = styles
                .numbering_style_num(link)
                .and_then(|n| self.nums.get(&n))
                .and_then(|n| {
                    self.abstracts
                        .get(&n.abstract_id)
                        .map(|a| (n.abstract_id, a))
                });
            if let Some(found) = linked {
                return Some(found);
            }
        }
        Some((num.abstract_id, abs))
    }

    fn level(&self, num_id: i64, ilvl: usize, styles: &Styles) -> Option<Level> {
        let num = self.nums.get(&num_id)?;
        if let Some(l) = &num.levels[ilvl] {
            return Some(l.clone());
        }
        self.definition(num_id, styles)?.1.levels[ilvl].clone()
    }

    /// The level of `num_id` whose `w:pStyle` names this paragraph style:
    /// how a heading style ties its paragraphs to a list level.
    pub fn level_for_style(&self, num_id: i64, style: &str, styles: &Styles) -> Option<usize> {
        let (_, abs) = self.definition(num_id, styles)?;
        abs.levels
            .iter()
            .position(|l| l.as_ref().and_then(|l| l.style.as_deref()) == Some(style))
    }

    /// Advance the counters for one numbered paragraph and return its
    /// label; None for numId 0 (numbering removed), an unknown list or an
    /// empty label.
    pub fn next_label(&mut self, num_id: i64, ilvl: usize, styles: &Styles) -> Option<String> {
        if num_id == 0 || ilvl >= LEVELS {
            return None;
        }
        let num = self.nums.get(&num_id)?.clone();
        let (abstract_id, _) = self.definition(num_id, styles)?;
        let levels: Vec<Option<Level>> =
            (0..LEVELS).map(|i| self.level(num_id, i, styles)).collect();
        let this = levels[ilvl].clone()?;
        let start = |i: usize| -> i64 {
            num.start[i]
                .or_else(|| levels[i].as_ref().and_then(|l| l.start))
                .unwrap_or(0)
        };
        let key = if num.has_start_override() {
            ListKey::Num(num_id)
        } else {
            ListKey::Abstract(abstract_id)
        };
        let counters = self.counters.entry(key).or_insert([None; LEVELS]);
        for (deeper, slot) in counters.iter_mut().enumerate().skip(ilvl + 1) {
            let restart = levels[deeper].as_ref().and_then(|l| l.restart);
            let reset = match restart {
                Some(0) => false,
                Some(r) => (ilvl as i64) < r,
                None => true,
            };
            if reset {
                *slot = None;
            }
        }
        counters[ilvl] = Some(counters[ilvl].map_or_else(|| start(ilvl), |c| c.saturating_add(1)));
        let values: Vec<i64> = (0..LEVELS)
            .map(|i| counters[i].unwrap_or_else(|| start(i)))
            .collect();
        let label = render(&this, ilvl, &levels, &values);
        (!label.trim().is_empty()).then_some(label)
    }
}

/// Fill `%1`…`%9` of the level text with the counters in each level's
/// format.
fn render(this: &Level, ilvl: usize, levels: &[Option<Level>], values: &[i64]) -> String {
    let text = this.text.as_deref().unwrap_or("");
    if this.fmt == "bullet" {
        // Symbol-font bullets are private-use code points; show a bullet.
        return if text.chars().any(|c| ('\u{E000}'..='\u{F8FF}').contains(&c)) {
            "•".to_string()
        } else {
            text.to_string()
        };
    }
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '%' {
            if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                chars.next();
                let i = (d as usize).saturating_sub(1).min(LEVELS - 1);
                let fmt = match &levels[i] {
                    Some(_) if this.legal && i < ilvl => "decimal",
                    Some(l) => l.fmt.as_str(),
                    None => "decimal",
                };
                out.push_str(&format_number(values[i], fmt));
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const NUMBERING: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%3"/><w:isLgl/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/><w:lvlRestart w:val="0"/></w:lvl>
        <w:lvl w:ilvl="2"><w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF0B7;"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
      <w:num w:numId="4"><w:abstractNumId w:val="0"/>
        <w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
    </w:numbering>"#;

    #[test]
    fn labels_count_as_word_does() {
        let styles = Styles::default();
        let mut n = Numbering::parse(NUMBERING.as_bytes());
        let mut next = |num, lvl| n.next_label(num, lvl, &styles);
        assert_eq!(next(1, 0).as_deref(), Some("一、"));
        assert_eq!(next(1, 1).as_deref(), Some("（一）"));
        assert_eq!(next(1, 1).as_deref(), Some("（二）"));
        assert_eq!(next(1, 2).as_deref(), Some("1.1"), "isLgl: decimal parents");
        // numId 2 shares abstract 0: the list continues.
        assert_eq!(next(2, 0).as_deref(), Some("二、"));
        assert_eq!(
            next(2, 1).as_deref(),
            Some("（一）"),
            "deeper level restarted"
        );
        // An override is a list of its own, starting at 5.
        assert_eq!(next(4, 0).as_deref(), Some("五、"));
        assert_eq!(next(1, 0).as_deref(), Some("三、"));
        // Start 3, lvlRestart 0 keeps level 1 counting across level 0.
        assert_eq!(next(3, 0).as_deref(), Some("3."));
        assert_eq!(next(3, 1).as_deref(), Some("3.1"));
        assert_eq!(next(3, 0).as_deref(), Some("4."));
        assert_eq!(next(3, 1).as_deref(), Some("4.2"));
        assert_eq!(next(3, 2).as_deref(), Some("•"));
        assert_eq!(next(0, 0), None, "numId 0 removes numbering");
        assert_eq!(next(99, 0), None);
        assert_eq!(next(1, 7), None, "undefined level");
    }
}
