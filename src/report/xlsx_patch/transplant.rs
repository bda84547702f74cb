//! The result sheets (审核结果, 评分复核, 勾稽关系), written by rust_xlsxwriter
//! into a workbook of their own, moved into the user's package.
//!
//! Shared strings become inline strings (`t="inlineStr"`): the user's
//! `sharedStrings.xml` then stays byte-identical (and need not exist), and
//! Excel, WPS, LibreOffice, openpyxl and calamine all read inline strings;
//! the result sheets are small, so the space a shared table would save is
//! negligible. Style indices are remapped to where [`Styles::merge`] put the
//! result workbook's styles. Merges, widths, panes, autofilters, print setup
//! and internal hyperlinks live in the sheet part itself and come along
//! unchanged; external hyperlinks keep their relationships.
//!
//! [`Styles::merge`]: super::styles::Styles::merge

use super::package::{
    find_rel, parse_rels, rels_path, resolve, Package, Rel, REL_HYPERLINK, REL_OFFICE_DOCUMENT,
    REL_SHARED_STRINGS, REL_STYLES, REL_WORKSHEET,
};
use super::styles::StyleMap;
use super::workbook::{rename_refs, Book, DefinedName};
use super::xml::{self, El, Splice};
use super::PatchError;
use crate::workbook::Limits;
use quick_xml::events::Event;
use quick_xml::Reader;

/// Elements a result sheet may not have: they need parts we do not carry.
const UNSUPPORTED: [&str; 8] = [
    "drawing",
    "legacyDrawing",
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "tableParts",
];

pub(crate) struct ResultSheet {
    pub name: String,
    xml: String,
    rels: Vec<Rel>,
}

/// The result workbook, read.
pub(crate) struct Results {
    pub sheets: Vec<ResultSheet>,
    pub styles: Option<String>,
    /// Inner XML of each shared string item.
    sst: Vec<String>,
    names: Vec<DefinedName>,
}

impl Results {
    pub fn read(bytes: &[u8], limits: &Limits) -> Result<Self, PatchError> {
        let mut pkg = Package::open(bytes, limits)
            .map_err(|e| PatchError::new(format!("结果工作簿无法读取：{}", e.message)))?;
        let root = parse_rels(pkg.text("_rels/.rels")?.as_deref())?;
        let wb_part = find_rel(&root, REL_OFFICE_DOCUMENT)
            .map(|r| resolve("", &r.target))
            .ok_or_else(|| PatchError::new("结果工作簿缺少 workbook.xml"))?;
        let book = Book::parse(pkg.need_text(&wb_part)?)?;
        let rels = parse_rels(pkg.text(&rels_path(&wb_part))?.as_deref())?;
        let part_of = |kind: &str| find_rel(&rels, kind).map(|r| resolve(&wb_part, &r.target));
        let styles = match part_of(REL_STYLES) {
            Some(p) => pkg.text(&p)?,
            None => None,
        };
        let sst = match part_of(REL_SHARED_STRINGS) {
            Some(p) => match pkg.text(&p)? {
                Some(x) => shared_strings(&x)?,
                None => Vec::new(),
            },
            None => Vec::new(),
        };
        let mut sheets = Vec::new();
        for s in &book.sheets {
            let rel = rels
                .iter()
                .find(|r| r.id == s.rid && r.kind == REL_WORKSHEET)
                .ok_or_else(|| {
                    PatchError::new(format!("结果工作簿的工作表“{}”不是普通工作表", s.name))
                })?;
            let part = resolve(&wb_part, &rel.target);
            let xml = pkg.need_text(&part)?;
            let rels = parse_rels(pkg.text(&rels_path(&part))?.as_deref())?;
            if let Some(r) = rels
                .iter()
                .find(|r| !(r.kind == REL_HYPERLINK && r.external))
            {
                return Err(PatchError::new(format!(
                    "结果工作表“{}”含有不支持的关联部件（{}）",
                    s.name, r.kind
                )));
            }
            sheets.push(ResultSheet {
                name: s.name.clone(),
                xml,
                rels,
            });
        }
        Ok(Results {
            sheets,
            styles,
            sst,
            names: book.defined_names(),
        })
    }

    /// The result workbook's defined names, pointed at the renamed sheets.
    /// Their `localSheetId`s stay: the result sheets keep their indices
    /// because they go first.
    pub fn defined_names(&self, renames: &[(String, String)]) -> Vec<DefinedName> {
        self.names
            .iter()
            .map(|d| DefinedName {
                formula: renamed(&d.formula, renames),
                ..d.clone()
            })
            .collect()
    }

    /// Relationships of sheet `i` as (id, type, target, external).
    pub fn sheet_rels(&self, i: usize) -> Vec<(String, &'static str, String, bool)> {
        self.sheets.get(i).map_or_else(Vec::new, |s| {
            s.rels
                .iter()
                .map(|r| (r.id.clone(), REL_HYPERLINK, r.target.clone(), true))
                .collect()
        })
    }

    /// Sheet `i`'s part for the user's package: styles remapped, shared
    /// strings inlined, references to renamed sheets followed, and only the
    /// first sheet selected.
    pub fn sheet_xml(
        &self,
        i: usize,
        map: &StyleMap,
        renames: &[(String, String)],
    ) -> Result<String, PatchError> {
        let sheet = self
            .sheets
            .get(i)
            .ok_or_else(|| PatchError::new("内部错误：结果工作表不存在"))?;
        let xml = &sheet.xml;
        let mut reader = Reader::from_str(xml);
        let mut out = String::with_capacity(xml.len() + xml.len() / 2);
        let mut copied = 0;
        let mut shared = false;
        let mut v_start: Option<usize> = None;
        let mut v_text = String::new();
        let mut in_f = false;
        let pos = |r: &Reader<&[u8]>| usize::try_from(r.buffer_position()).unwrap_or(usize::MAX);
        loop {
            let before = pos(&reader);
            let event = reader
                .read_event()
                .map_err(|e| PatchError::new(format!("结果工作表 XML 格式错误（{e}）")))?;
            let after = pos(&reader);
            let replace = |out: &mut String, copied: &mut usize, text: &str| {
                out.push_str(&xml[*copied..before]);
                out.push_str(text);
                *copied = after;
            };
            match &event {
                Event::Start(e) | Event::Empty(e) => {
                    let local_name = e.local_name();
                    let local: &str = local_name.as_ref();
                    if e.name().as_ref().contains(':') {
                        return Err(PatchError::new("结果工作表使用了带前缀的元素，暂不支持"));
                    }
                    if UNSUPPORTED.contains(&local) {
                        return Err(PatchError::new(format!(
                            "结果工作表含有不支持的元素 {local}"
                        )));
                    }
                    let empty = matches!(event, Event::Empty(_));
                    let head = &xml[before..after];
                    let edited = match local {
                        "c" => {
                            let is_shared = xml::attr(head, "t").as_deref() == Some("s");
                            shared = is_shared && !empty;
                            let h = remap_attr(head, "s", &map.xf)?;
                            let h_ref = h.as_deref().unwrap_or(head);
                            match (is_shared, empty) {
                                (false, _) => h,
                                (true, true) => Some(set(h_ref, "t", None)?),
                                (true, false) => Some(set(h_ref, "t", Some("inlineStr"))?),
                            }
                        }
                        "row" => remap_attr(head, "s", &map.xf)?,
                        "col" => remap_attr(head, "style", &map.xf)?,
                        "cfRule" => remap_attr(head, "dxfId", &map.dxf)?,
                        "hyperlink" => match xml::attr(head, "location") {
                            Some(loc) if renamed(&loc, renames) != loc => {
                                Some(set(head, "location", Some(&renamed(&loc, renames)))?)
                            }
                            _ => None,
                        },
                        "sheetView" => Some(set(head, "tabSelected", (i == 0).then_some("1"))?),
                        "v" if shared && !empty => {
                            v_start = Some(before);
                            v_text.clear();
                            None
                        }
                        "f" => {
                            in_f = !empty;
                            None
                        }
                        _ => None,
                    };
                    if v_start.is_none() {
                        if let Some(h) = edited {
                            replace(&mut out, &mut copied, &h);
                        }
                    }
                }
                Event::Text(t) if v_start.is_some() => {
                    v_text.push_str(t.as_ref());
                }
                Event::Text(t) if in_f && !renames.is_empty() => {
                    let raw = t.as_ref().to_string();
                    let text =
                        quick_xml::escape::unescape(&raw).map_or(raw.clone(), |c| c.into_owned());
                    replace(&mut out, &mut copied, &xml::esc(&renamed(&text, renames)));
                }
                Event::End(e) => match e.local_name().as_ref() {
                    "v" => {
                        if let Some(start) = v_start.take() {
                            let idx: usize = v_text
                                .trim()
                                .parse()
                                .map_err(|_| PatchError::new("结果工作表的共享字符串编号无效"))?;
                            let si = self.sst.get(idx).ok_or_else(|| {
                                PatchError::new("结果工作表引用了不存在的共享字符串")
                            })?;
                            out.push_str(&xml[copied..start]);
                            out.push_str(&format!("<is>{si}</is>"));
                            copied = after;
                        }
                    }
                    "c" => shared = false,
                    "f" => in_f = false,
                    _ => {}
                },
                Event::DocType(_) => return Err(PatchError::new("结果工作表含有 DOCTYPE 声明")),
                Event::Eof => break,
                _ => {}
            }
        }
        out.push_str(&xml[copied..]);
        Ok(out)
    }
}

fn renamed(text: &str, renames: &[(String, String)]) -> String {
    renames
        .iter()
        .fold(text.to_string(), |t, (old, new)| rename_refs(&t, old, new))
}

/// A start tag as an element of its own, for attribute edits.
fn head_el(head: &str) -> El {
    El {
        name: String::new(),
        depth: 0,
        parent: None,
        start: 0,
        head_end: head.len(),
        close: head.len(),
        end: head.len(),
    }
}

/// `head` with attribute `key` set (or removed for `None`).
fn set(head: &str, key: &str, value: Option<&str>) -> Result<String, PatchError> {
    let el = head_el(head);
    let mut s = Splice::default();
    match value {
        Some(v) => s.set_attr(head, &el, key, v),
        None => s.remove_attr(head, &el, key),
    }
    s.apply(head)
}

/// `head` with index attribute `key` mapped through `map`; `None` when it
/// has no such attribute.
fn remap_attr(head: &str, key: &str, map: &[u32]) -> Result<Option<String>, PatchError> {
    let Some(v) = xml::attr(head, key) else {
        return Ok(None);
    };
    let old: usize = v
        .trim()
        .parse()
        .map_err(|_| PatchError::new(format!("结果工作表的样式编号无效：{v}")))?;
    let new = map
        .get(old)
        .ok_or_else(|| PatchError::new(format!("结果工作表引用了不存在的样式 {old}")))?;
    set(head, key, Some(&new.to_string())).map(Some)
}

/// Inner XML of each `<si>` of a shared strings part.
fn shared_strings(xml: &str) -> Result<Vec<String>, PatchError> {
    let els = xml::scan(xml, |d, _| d <= 1)?;
    Ok(els
        .iter()
        .filter(|e| e.depth == 1 && e.local() == "si")
        .map(|e| e.inner(xml).to_string())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results(sheet: &str, sst: Vec<String>) -> Results {
        Results {
            sheets: vec![ResultSheet {
                name: "审核结果".into(),
                xml: sheet.into(),
                rels: Vec::new(),
            }],
            styles: None,
            sst,
            names: Vec::new(),
        }
    }

    #[test]
    fn strings_are_inlined_and_styles_remapped() {
        let sheet = r#"<worksheet xmlns="m"><sheetViews><sheetView workbookViewId="0"/></sheetViews><cols><col min="1" max="1" style="1"/></cols><sheetData><row r="1" s="1" customFormat="1"><c r="A1" s="1" t="s"><v>1</v></c><c r="B1" t="s"/><c r="C1"><f>'审核结果'!A1</f><v>3</v></c></row></sheetData><hyperlinks><hyperlink ref="A1" location="'自评表'!H27"/></hyperlinks></worksheet>"#;
        let r = results(sheet, vec!["<t>a</t>".into(), "<r><t>审</t></r>".into()]);
        let map = StyleMap {
            xf: vec![7, 8],
            dxf: vec![],
        };
        let out = r
            .sheet_xml(0, &map, &[("审核结果".into(), "审核结果(2)".into())])
            .unwrap();
        assert!(
            out.contains(r#"<c r="A1" s="8" t="inlineStr"><is><r><t>审</t></r></is></c>"#),
            "{out}"
        );
        assert!(out.contains(r#"<c r="B1"/>"#));
        assert!(out.contains(r#"<row r="1" s="8" customFormat="1">"#));
        assert!(out.contains(r#"<col min="1" max="1" style="8"/>"#));
        assert!(out.contains(r#"<sheetView workbookViewId="0" tabSelected="1"/>"#));
        assert!(
            out.contains("<f>&apos;审核结果(2)&apos;!A1</f><v>3</v>"),
            "{out}"
        );
        assert!(out.contains(r#"location="'自评表'!H27""#));
    }

    #[test]
    fn drawings_and_bad_indices_are_refused() {
        let map = StyleMap {
            xf: vec![0],
            dxf: vec![],
        };
        let r = results(r#"<worksheet><drawing r:id="rId1"/></worksheet>"#, vec![]);
        assert!(r.sheet_xml(0, &map, &[]).is_err());
        let r = results(
            r#"<worksheet><sheetData><row><c s="5"/></row></sheetData></worksheet>"#,
            vec![],
        );
        assert!(r.sheet_xml(0, &map, &[]).is_err());
        let r = results(
            r#"<worksheet><sheetData><row><c t="s"><v>9</v></c></row></sheetData></worksheet>"#,
            vec![],
        );
        assert!(r.sheet_xml(0, &map, &[]).is_err());
    }
}
