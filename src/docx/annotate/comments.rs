//! The comments part: our comments as `w:comment` elements, written into a
//! new `word/comments.xml` or appended to the user's own.

use super::super::wml::{escape, paragraph, run, ParaStyle, RunStyle, XMLNS_W};
use super::DocMark;
use std::fmt::Write as _;

/// Who the comments are from, as Word shows it.
pub(crate) const AUTHOR: &str = "审表 shenbiao";
pub(crate) const INITIALS: &str = "审表";

/// One comment holding every mark on one place: per mark a bold first
/// line "label【级别】", then the note's lines.
pub(crate) fn comment(id: u64, marks: &[&DocMark]) -> String {
    let mut body = String::new();
    for (i, m) in marks.iter().enumerate() {
        let mut head = String::new();
        if i == 0 {
            // Word expects the reference mark at the start of a comment.
            head.push_str("<w:r><w:annotationRef/></w:r>");
        }
        head.push_str(&run(
            &format!("{}【{}】", m.label, m.level.label()),
            &RunStyle {
                bold: true,
                color: Some(m.level.ink().to_string()),
                ..RunStyle::default()
            },
        ));
        body.push_str(&paragraph(&ParaStyle::default(), &head));
        for line in m.text.split('\n') {
            body.push_str(&paragraph(
                &ParaStyle::default(),
                &run(line, &RunStyle::default()),
            ));
        }
    }
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<w:comment w:id="{id}" w:author="{}" w:initials="{}">{body}</w:comment>"#,
        escape(AUTHOR),
        escape(INITIALS)
    );
    out
}

/// A new comments part holding `comments`.
pub(crate) fn new_part(comments: &str) -> Vec<u8> {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments {XMLNS_W}>{comments}</w:comments>"#
    )
    .into_bytes()
}

/// The comment range markers around a commented place.
pub(crate) fn range_start(id: u64) -> String {
    format!(r#"<w:commentRangeStart w:id="{id}"/>"#)
}

/// The range end and the reference run that shows the comment mark.
pub(crate) fn range_end(id: u64) -> String {
    format!(r#"<w:commentRangeEnd w:id="{id}"/><w:r><w:commentReference w:id="{id}"/></w:r>"#)
}
