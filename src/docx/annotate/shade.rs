//! Cell shading: put a `w:shd` into a cell's `w:tcPr`, replacing the
//! cell's own fill, in the position the schema requires (after `w:tcW`,
//! `w:gridSpan`, `w:vMerge`, `w:tcBorders`; before `w:noWrap`, `w:tcMar`,
//! `w:textDirection`, `w:vAlign` and the rest).

use super::super::model::TcSpan;
use super::super::wml::shading;
use super::splice::Splices;
use quick_xml::events::Event;

/// `w:tcPr` children that come after `w:shd` (CT_TcPr).
const AFTER_SHD: &[&str] = &[
    "noWrap",
    "tcMar",
    "textDirection",
    "tcFitText",
    "vAlign",
    "hideMark",
    "headers",
    "cellIns",
    "cellDel",
    "cellMerge",
    "tcPrChange",
];

/// Shade one `w:tc` with `fill` (RRGGBB).
pub(crate) fn shade(s: &mut Splices, xml: &[u8], tc: &TcSpan, fill: &str) {
    let shd = shading(fill);
    let Some(props) = tc.props.clone() else {
        s.insert(tc.props_at, 0, format!("<w:tcPr>{shd}</w:tcPr>"));
        return;
    };
    let Some(slice) = xml.get(props.clone()) else {
        return;
    };
    if slice.ends_with(b"/>") {
        // `<w:tcPr/>`: keep its start tag, give it content.
        let tag = String::from_utf8_lossy(&slice[..slice.len() - 2]);
        let name = tag
            .trim_start_matches('<')
            .split_whitespace()
            .next()
            .unwrap_or("w:tcPr");
        s.replace(props, 0, format!("{}>{shd}</{name}>", tag.trim_end()));
        return;
    }
    let children = direct_children(slice);
    if let Some((_, range)) = children.iter().find(|(n, _)| n == "shd") {
        s.replace(props.start + range.start..props.start + range.end, 0, shd);
        return;
    }
    let at = children
        .iter()
        .find(|(n, _)| AFTER_SHD.contains(&n.as_str()))
        .map(|(_, r)| props.start + r.start)
        .or_else(|| closing_tag_start(slice).map(|i| props.start + i));
    if let Some(at) = at {
        s.insert(at, 0, shd);
    }
}

/// Local names and byte ranges of the direct children of the element that
/// `slice` holds.
fn direct_children(slice: &[u8]) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut reader = quick_xml::Reader::from_reader(slice);
    let mut depth = 0u32;
    let mut open: Option<(String, usize)> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let ev = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(ev) => ev,
        };
        let after = reader.buffer_position() as usize;
        match ev {
            Event::Start(e) => {
                depth += 1;
                if depth == 2 {
                    open = Some((e.local_name().as_ref().to_string(), before));
                }
            }
            Event::Empty(e) if depth == 1 => {
                out.push((e.local_name().as_ref().to_string(), before..after));
            }
            Event::End(_) => {
                if depth == 2 {
                    if let Some((name, start)) = open.take() {
                        out.push((name, start..after));
                    }
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
    }
    out
}

/// Offset of the final `</…>` tag of an element.
fn closing_tag_start(slice: &[u8]) -> Option<usize> {
    slice.windows(2).rposition(|w| w == b"</")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shaded(tcpr: &str) -> String {
        let xml = format!("<w:tc>{tcpr}<w:p/></w:tc>");
        let props = (!tcpr.is_empty()).then(|| 6..6 + tcpr.len());
        let tc = TcSpan {
            element: 0..xml.len(),
            props,
            props_at: 6,
            first: None,
            last: None,
        };
        let mut s = Splices::default();
        shade(&mut s, xml.as_bytes(), &tc, "FF6666");
        String::from_utf8(s.apply(xml.as_bytes()).unwrap()).unwrap()
    }

    const SHD: &str = r#"<w:shd w:val="clear" w:color="auto" w:fill="FF6666"/>"#;

    #[test]
    fn shading_lands_in_schema_order() {
        assert_eq!(
            shaded(""),
            format!("<w:tc><w:tcPr>{SHD}</w:tcPr><w:p/></w:tc>")
        );
        assert_eq!(
            shaded("<w:tcPr/>"),
            format!("<w:tc><w:tcPr>{SHD}</w:tcPr><w:p/></w:tc>")
        );
        assert_eq!(
            shaded(r#"<w:tcPr><w:tcW w:w="1"/><w:vMerge/><w:vAlign w:val="center"/></w:tcPr>"#),
            format!(
                r#"<w:tc><w:tcPr><w:tcW w:w="1"/><w:vMerge/>{SHD}<w:vAlign w:val="center"/></w:tcPr><w:p/></w:tc>"#
            )
        );
        assert_eq!(
            shaded(
                r#"<w:tcPr><w:tcBorders><w:top w:val="nil"/></w:tcBorders><w:shd w:val="clear" w:fill="B8CCE4"/></w:tcPr>"#
            ),
            format!(
                r#"<w:tc><w:tcPr><w:tcBorders><w:top w:val="nil"/></w:tcBorders>{SHD}</w:tcPr><w:p/></w:tc>"#
            ),
            "the cell's own fill is replaced"
        );
        assert_eq!(
            shaded(r#"<w:tcPr><w:tcW w:w="1"/></w:tcPr>"#),
            format!(r#"<w:tc><w:tcPr><w:tcW w:w="1"/>{SHD}</w:tcPr><w:p/></w:tc>"#)
        );
    }
}
