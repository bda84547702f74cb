//! The sheet's comments part (批注): our notes merged with the user's.
//!
//! A cell that already has a note keeps it — its text, its author — and our
//! note is appended under a separator line; a cell without one gets a new
//! comment by our author. Comments stay in row-major order.

use super::package::MAIN_NS;
use super::xml::{self, El, Splice};
use super::PatchError;
use crate::workbook::cellref::parse_a1;

/// Our author, as Excel shows it.
pub(crate) const AUTHOR: &str = "审表 shenbiao";
/// Between the user's note and ours.
pub(crate) const SEPARATOR: &str = "—— 审表 ——";

/// A note to put on a cell.
pub(crate) struct Note {
    pub row: u32,
    pub col: u32,
    pub text: String,
}

/// A rich-text run in 宋体 9 pt; `p` is the part's prefix for the main
/// namespace (our elements use the root's own binding, so no declaration
/// is ever needed).
fn run(text: &str, bold: bool, p: &str) -> String {
    format!(
        "<{p}r><{p}rPr>{}<{p}sz val=\"9\"/><{p}rFont val=\"宋体\"/><{p}family val=\"3\"/><{p}charset val=\"134\"/></{p}rPr><{p}t xml:space=\"preserve\">{}</{p}t></{p}r>",
        if bold { format!("<{p}b/>") } else { String::new() },
        xml::esc(text)
    )
}

/// Comments XML with `notes` merged in, and which notes are on cells that
/// had no comment (they need a new VML shape).
pub(crate) fn merge(
    existing: Option<&str>,
    notes: &[Note],
) -> Result<(String, Vec<usize>), PatchError> {
    let Some(xml) = existing else {
        let items: String = notes.iter().map(|n| new_comment(n, 0, "")).collect();
        let out = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<comments xmlns=\"{MAIN_NS}\"><authors><author>{}</author></authors><commentList>{items}</commentList></comments>",
            xml::esc(AUTHOR)
        );
        return Ok((out, (0..notes.len()).collect()));
    };
    let els = xml::scan(xml, |d, _| d <= 4)?;
    let (root, kids) = xml::root_and_children(&els)?;
    if root.local() != "comments" || root.is_empty() {
        return Err(PatchError::new("批注部件格式错误"));
    }
    xml::main_ns_decl(root.head(xml))?;
    let p = root.prefix().to_string();
    let child = |name: &str| kids.iter().copied().find(|&k| els[k].local() == name);
    let (Some(authors), Some(list)) = (child("authors"), child("commentList")) else {
        return Err(PatchError::new("批注部件缺少作者或批注列表"));
    };
    let mut s = Splice::default();

    let names: Vec<&El> = els
        .iter()
        .filter(|e| e.parent == Some(authors) && e.local() == "author")
        .collect();
    let author_id = match names.iter().position(|a| unescape(a.inner(xml)) == AUTHOR) {
        Some(i) => i,
        None => {
            let item = format!("<{p}author>{}</{p}author>", xml::esc(AUTHOR));
            insert_child(&mut s, xml, &els[authors], &item);
            names.len()
        }
    };

    let comments: Vec<(usize, (u32, u32))> = (0..els.len())
        .filter(|&i| els[i].parent == Some(list) && els[i].local() == "comment")
        .filter_map(|i| Some((i, parse_a1(&els[i].attr(xml, "ref")?)?)))
        .collect();
    let mut fresh = Vec::new();
    let mut appended_new: Vec<(usize, String)> = Vec::new();
    for (n, note) in notes.iter().enumerate() {
        let at = (note.row, note.col);
        if let Some(&(c, _)) = comments.iter().find(|(_, rc)| *rc == at) {
            append_to(&mut s, xml, &els, c, &note.text, &p);
            continue;
        }
        fresh.push(n);
        let pos = comments
            .iter()
            .find(|(_, rc)| *rc > at)
            .map(|&(c, _)| els[c].start);
        let item = new_comment(note, author_id, &p);
        match pos {
            Some(pos) => s.insert(pos, item),
            None => appended_new.push((n, item)),
        }
    }
    if !appended_new.is_empty() {
        let items: String = appended_new.into_iter().map(|(_, i)| i).collect();
        insert_child(&mut s, xml, &els[list], &items);
    }
    Ok((s.apply(xml)?, fresh))
}

fn unescape(s: &str) -> String {
    quick_xml::escape::unescape(s).map_or_else(|_| s.to_string(), |c| c.into_owned())
}

fn new_comment(note: &Note, author: usize, p: &str) -> String {
    let r = crate::workbook::cellref::a1(note.row, note.col);
    let runs = run(&note.text, false, p);
    format!("<{p}comment ref=\"{r}\" authorId=\"{author}\"><{p}text>{runs}</{p}text></{p}comment>")
}

/// Insert `item` as the last child of `parent` (expanding `<x/>`).
fn insert_child(s: &mut Splice, xml: &str, parent: &El, item: &str) {
    if parent.is_empty() {
        let open = parent
            .head(xml)
            .trim_end_matches("/>")
            .trim_end()
            .to_string();
        s.replace(
            parent.start,
            parent.end,
            format!("{open}>{item}</{}>", parent.name),
        );
    } else {
        s.insert(parent.close, item.to_string());
    }
}

/// Append our note under the separator to comment `c`'s rich text.
fn append_to(s: &mut Splice, xml: &str, els: &[El], c: usize, text: &str, p: &str) {
    let ours = format!(
        "{}{}",
        run(&format!("\n{SEPARATOR}\n"), true, p),
        run(text, false, p)
    );
    let Some(t) =
        (c + 1..els.len()).find(|&i| els[i].parent == Some(c) && els[i].local() == "text")
    else {
        let item = format!("<{p}text>{ours}</{p}text>");
        let el = &els[c];
        if el.is_empty() {
            let open = el.head(xml).trim_end_matches("/>").trim_end().to_string();
            s.replace(el.start, el.end, format!("{open}>{item}</{}>", el.name));
        } else {
            s.insert(el.head_end, item);
        }
        return;
    };
    let text_el = &els[t];
    if text_el.is_empty() {
        let open = text_el
            .head(xml)
            .trim_end_matches("/>")
            .trim_end()
            .to_string();
        s.replace(
            text_el.start,
            text_el.end,
            format!("{open}>{ours}</{}>", text_el.name),
        );
        return;
    }
    let kids: Vec<&El> = els.iter().filter(|e| e.parent == Some(t)).collect();
    // A plain `<t>` becomes a run so that runs may follow it.
    for k in kids.iter().filter(|k| k.local() == "t") {
        s.insert(k.start, format!("<{p}r>"));
        s.insert(k.end, format!("</{p}r>"));
    }
    let at = kids
        .iter()
        .find(|k| matches!(k.local(), "rPh" | "phoneticPr"))
        .map_or(text_el.close, |k| k.start);
    s.insert(at, ours);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(row: u32, col: u32, text: &str) -> Note {
        Note {
            row,
            col,
            text: text.into(),
        }
    }

    #[test]
    fn user_notes_are_kept_and_ours_appended() {
        let xml = r#"<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>张三</author></authors><commentList><comment ref="B2" authorId="0"><text><t>请核对</t></text></comment><comment ref="D9" authorId="0"><text><r><t>x</t></r><phoneticPr fontId="1"/></text></comment></commentList></comments>"#;
        let notes = [
            note(1, 1, "SE012 总分不符"),
            note(0, 0, "新"),
            note(8, 3, "y&z"),
            note(20, 0, "末"),
        ];
        let (out, fresh) = merge(Some(xml), &notes).unwrap();
        assert_eq!(fresh, vec![1, 3]);
        assert!(
            out.contains("<authors><author>张三</author><author>审表 shenbiao</author></authors>")
        );
        assert!(
            out.contains(
                r#"<comment ref="B2" authorId="0"><text><r><t>请核对</t></r><r><rPr><b/>"#
            ),
            "{out}"
        );
        assert!(out.contains("—— 审表 ——"));
        assert!(out.contains("y&amp;z</t></r><phoneticPr"));
        let a1 = out.find("ref=\"A1\"").unwrap();
        let b2 = out.find("ref=\"B2\"").unwrap();
        let a21 = out.find("ref=\"A21\"").unwrap();
        let d9 = out.find("ref=\"D9\"").unwrap();
        assert!(a1 < b2 && b2 < d9 && d9 < a21, "row-major order");
        assert!(out.contains(r#"<comment ref="A1" authorId="1">"#));
        xml::scan(&out, |_, _| true).unwrap();
    }

    #[test]
    fn a_new_part_has_our_author_only() {
        let (out, fresh) = merge(None, &[note(2, 2, "a<b")]).unwrap();
        assert_eq!(fresh, vec![0]);
        assert!(out.contains(r#"<comment ref="C3" authorId="0">"#));
        assert!(out.contains("a&lt;b"));
        xml::scan(&out, |_, _| true).unwrap();
    }

    #[test]
    fn prefixed_parts_get_prefixed_items() {
        let xml = r#"<x:comments xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:authors><x:author>审表 shenbiao</x:author></x:authors><x:commentList/></x:comments>"#;
        let (out, _) = merge(Some(xml), &[note(0, 0, "n")]).unwrap();
        assert!(out.contains(r#"<x:commentList><x:comment ref="A1" authorId="0"><x:text><x:r><x:rPr><x:sz val="9"/>"#), "{out}");
        xml::scan(&out, |_, _| true).unwrap();
    }
}
