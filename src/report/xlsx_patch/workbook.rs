//! `workbook.xml`: the result sheets put first in the tab order, the
//! workbook opening on the first of them, and every sheet-index-based
//! reference (`definedName localSheetId`) moved along so print areas and
//! titles keep pointing at the same sheets.

use super::package::REL_NS;
use super::xml::{self, El, Splice};
use super::PatchError;

/// CT_Workbook child order.
const ORDER: [&str; 19] = [
    "fileVersion",
    "fileSharing",
    "workbookPr",
    "workbookProtection",
    "bookViews",
    "sheets",
    "functionGroups",
    "externalReferences",
    "definedNames",
    "calcPr",
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
];

/// A sheet as `<sheets>` lists it.
#[derive(Debug, Clone)]
pub(crate) struct SheetEntry {
    pub name: String,
    pub rid: String,
}

/// A defined name to add (already rewritten for its new place).
#[derive(Debug, Clone)]
pub(crate) struct DefinedName {
    pub name: String,
    pub local_sheet: Option<usize>,
    pub hidden: bool,
    pub formula: String,
}

pub(crate) struct Book {
    xml: String,
    els: Vec<El>,
    pub sheets: Vec<SheetEntry>,
    /// Prefix bound to the relationships namespace (with colon), if any.
    r_prefix: Option<String>,
}

impl Book {
    pub fn parse(xml: String) -> Result<Self, PatchError> {
        let els = xml::scan(&xml, |d, _| d <= 2)?;
        let root = els
            .first()
            .filter(|e| e.local() == "workbook" && !e.is_empty())
            .ok_or_else(|| PatchError::new("workbook.xml 格式错误"))?;
        xml::main_ns_decl(root.head(&xml))?;
        let r_prefix = xml::ns_prefix(root.head(&xml), REL_NS).filter(|p| !p.is_empty());
        let sheets_at = els
            .iter()
            .position(|e| e.depth == 1 && e.local() == "sheets");
        let mut sheets = Vec::new();
        for e in els
            .iter()
            .filter(|e| e.depth == 2 && e.parent == sheets_at && e.local() == "sheet")
        {
            let rid = match xml::ns_prefix(e.head(&xml), REL_NS).or_else(|| r_prefix.clone()) {
                Some(p) => e.attr(&xml, &format!("{p}id")),
                None => None,
            };
            sheets.push(SheetEntry {
                name: e.attr(&xml, "name").unwrap_or_default(),
                rid: rid.ok_or_else(|| PatchError::new("workbook.xml 中工作表缺少关系编号"))?,
            });
        }
        if sheets_at.is_none() || sheets.is_empty() {
            return Err(PatchError::new("workbook.xml 中没有工作表"));
        }
        Ok(Book {
            xml,
            els,
            sheets,
            r_prefix,
        })
    }

    /// Defined names of the part (for the result workbook).
    pub fn defined_names(&self) -> Vec<DefinedName> {
        let xml = &self.xml;
        self.els
            .iter()
            .filter(|e| e.depth == 2 && e.local() == "definedName")
            .map(|e| DefinedName {
                name: e.attr(xml, "name").unwrap_or_default(),
                local_sheet: e
                    .attr(xml, "localSheetId")
                    .and_then(|v| v.trim().parse().ok()),
                hidden: e
                    .attr(xml, "hidden")
                    .is_some_and(|v| v == "1" || v == "true"),
                formula: quick_xml::escape::unescape(e.inner(xml))
                    .map_or_else(|_| e.inner(xml).to_string(), |c| c.into_owned()),
            })
            .collect()
    }

    /// The edited part: `new` sheets (name, relationship id) inserted
    /// first, the user's local names shifted by their count, `names`
    /// appended, and the view opening on the first sheet.
    pub fn edit(
        &self,
        new: &[(String, String)],
        names: &[DefinedName],
    ) -> Result<String, PatchError> {
        let xml = &self.xml;
        let (root, kids) = xml::root_and_children(&self.els)?;
        let p = root.prefix();
        let k = new.len();
        let mut s = Splice::default();
        let child = |n: &str| kids.iter().map(|&i| &self.els[i]).find(|e| e.local() == n);
        let sheets = child("sheets").ok_or_else(|| PatchError::new("workbook.xml 中没有工作表"))?;
        let max_id = self
            .els
            .iter()
            .filter(|e| e.depth == 2 && e.local() == "sheet")
            .filter_map(|e| e.attr(xml, "sheetId")?.trim().parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        let rattr = |id: &str| match &self.r_prefix {
            Some(r) => format!("{r}id=\"{}\"", xml::esc(id)),
            None => format!("xmlns:r=\"{REL_NS}\" r:id=\"{}\"", xml::esc(id)),
        };
        let items: String = new
            .iter()
            .enumerate()
            .map(|(i, (name, rid))| {
                format!(
                    "<{p}sheet name=\"{}\" sheetId=\"{}\" {}/>",
                    xml::esc(name),
                    max_id as usize + 1 + i,
                    rattr(rid)
                )
            })
            .collect();
        s.insert(sheets.head_end, items);

        for v in self
            .els
            .iter()
            .filter(|e| e.depth == 2 && e.local() == "workbookView")
        {
            s.set_attr(xml, v, "activeTab", "0");
            if v.attr(xml, "firstSheet").is_some() {
                s.set_attr(xml, v, "firstSheet", "0");
            }
        }
        for d in self
            .els
            .iter()
            .filter(|e| e.depth == 2 && e.local() == "definedName")
        {
            if let Some(n) = d
                .attr(xml, "localSheetId")
                .and_then(|v| v.trim().parse::<usize>().ok())
            {
                s.set_attr(xml, d, "localSheetId", &(n + k).to_string());
            }
        }
        if !names.is_empty() {
            let items: String = names
                .iter()
                .map(|d| {
                    format!(
                        "<{p}definedName name=\"{}\"{}{}>{}</{p}definedName>",
                        xml::esc(&d.name),
                        d.local_sheet
                            .map_or(String::new(), |l| format!(" localSheetId=\"{l}\"")),
                        if d.hidden { " hidden=\"1\"" } else { "" },
                        xml::esc(&d.formula)
                    )
                })
                .collect();
            match child("definedNames") {
                Some(dn) if dn.is_empty() => {
                    let open = dn.head(xml).trim_end_matches("/>").trim_end().to_string();
                    s.replace(dn.start, dn.end, format!("{open}>{items}</{}>", dn.name));
                }
                Some(dn) => s.insert(dn.close, items),
                None => {
                    let at = xml::insert_at(xml, &self.els, root, &kids, &ORDER, "definedNames")?;
                    s.insert(at, format!("<{p}definedNames>{items}</{p}definedNames>"));
                }
            }
        }
        s.apply(xml)
    }
}

/// `formula` with references to sheet `old` pointed at `new` (quoted).
pub(crate) fn rename_refs(formula: &str, old: &str, new: &str) -> String {
    let quoted_new = format!("'{}'!", new.replace('\'', "''"));
    let quoted_old = format!("'{}'!", old.replace('\'', "''"));
    let mut out = formula.replace(&quoted_old, &quoted_new);
    let bare = format!("{old}!");
    let mut result = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(i) = rest.find(&bare) {
        let before = rest[..i].chars().next_back();
        let boundary =
            before.is_none_or(|c| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '\'')));
        result.push_str(&rest[..i]);
        result.push_str(if boundary { &quoted_new } else { &bare });
        rest = &rest[i + bare.len()..];
    }
    result.push_str(rest);
    out = result;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const WB: &str = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView activeTab="1" firstSheet="1"/></bookViews><sheets><sheet name="自评表" sheetId="3" r:id="rId1"/><sheet name="B" sheetId="1" r:id="rId2"/></sheets><definedNames><definedName name="_xlnm.Print_Area" localSheetId="1">B!$A$1:$I$27</definedName></definedNames><calcPr calcId="1"/></workbook>"#;

    #[test]
    fn sheets_go_first_and_local_names_follow() {
        let b = Book::parse(WB.to_string()).unwrap();
        assert_eq!(b.sheets[0].name, "自评表");
        assert_eq!(b.sheets[1].rid, "rId2");
        let names = [DefinedName {
            name: "_xlnm._FilterDatabase".into(),
            local_sheet: Some(0),
            hidden: true,
            formula: "'审核结果'!$A$3:$G$9".into(),
        }];
        let out = b
            .edit(
                &[
                    ("审核结果".into(), "rId9".into()),
                    ("评分复核".into(), "rId10".into()),
                ],
                &names,
            )
            .unwrap();
        assert!(out.contains(r#"<sheets><sheet name="审核结果" sheetId="4" r:id="rId9"/><sheet name="评分复核" sheetId="5" r:id="rId10"/><sheet name="自评表""#));
        assert!(out.contains(r#"<workbookView activeTab="0" firstSheet="0"/>"#));
        assert!(out.contains(r#"<definedName name="_xlnm.Print_Area" localSheetId="3">B!$A$1:$I$27</definedName><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">&apos;审核结果&apos;!$A$3:$G$9</definedName></definedNames>"#), "{out}");
    }

    #[test]
    fn defined_names_are_created_in_order() {
        let wb = WB.replace(r#"<definedNames><definedName name="_xlnm.Print_Area" localSheetId="1">B!$A$1:$I$27</definedName></definedNames>"#, "");
        let b = Book::parse(wb).unwrap();
        let names = [DefinedName {
            name: "x".into(),
            local_sheet: None,
            hidden: false,
            formula: "1".into(),
        }];
        let out = b.edit(&[("R".into(), "rId3".into())], &names).unwrap();
        assert!(out.contains(r#"</sheets><definedNames><definedName name="x">1</definedName></definedNames><calcPr"#), "{out}");
    }

    #[test]
    fn renamed_sheets_are_followed_in_formulas() {
        assert_eq!(
            rename_refs("审核结果!$A$1", "审核结果", "审核结果(2)"),
            "'审核结果(2)'!$A$1"
        );
        assert_eq!(
            rename_refs("'审核结果'!A1,X审核结果!A1", "审核结果", "R"),
            "'R'!A1,X审核结果!A1"
        );
        assert_eq!(rename_refs("SUM(a!A1)", "a", "b c"), "SUM('b c'!A1)");
    }
}
