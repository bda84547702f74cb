//! The legacy VML drawing that gives each note its box.
//!
//! Excel draws a note only if the sheet's VML drawing has a shape for it.
//! Shape ids live in blocks of 1024 declared by `<o:idmap data="…">`; the
//! blocks must not repeat across the workbook's drawings, so new blocks
//! are taken above every block any drawing declares.
//!
//! VML written by old Excel versions is not always well-formed XML, so this
//! module works on text: it only appends shapes before `</xml>` and, when
//! the drawing runs out of ids, a block number to its `idmap`.

use super::PatchError;

const SHAPETYPE: &str = "<v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\"><v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>";
const NS: [&str; 3] = [
    "xmlns:v=\"urn:schemas-microsoft-com:vml\"",
    "xmlns:o=\"urn:schemas-microsoft-com:office:office\"",
    "xmlns:x=\"urn:schemas-microsoft-com:office:excel\"",
];
const MAX_ROW: u32 = 1_048_575;
const MAX_COL: u32 = 16_383;

/// A note box: the cell and how many lines its text takes.
pub(crate) struct Shape {
    pub row: u32,
    pub col: u32,
    pub lines: u32,
}

/// Block numbers declared by `o:idmap` in a drawing.
pub(crate) fn blocks(vml: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut rest = vml;
    while let Some(i) = rest.find("idmap") {
        rest = &rest[i + 5..];
        let end = rest.find('>').unwrap_or(rest.len());
        if let Some(d) = attr_value(&rest[..end], "data") {
            out.extend(d.split(',').filter_map(|n| n.trim().parse::<u32>().ok()));
        }
    }
    out
}

fn attr_value<'a>(tag: &'a str, key: &str) -> Option<&'a str> {
    let i = tag.find(&format!("{key}="))? + key.len() + 1;
    let q = tag[i..].chars().next()?;
    let rest = &tag[i + 1..];
    Some(&rest[..rest.find(q)?])
}

/// Shape ids (`_x0000_s1025` → 1025) used in a drawing.
fn used_ids(vml: &str) -> Vec<u32> {
    vml.match_indices("_x0000_s")
        .filter_map(|(i, _)| {
            let digits: String = vml[i + 8..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        })
        .collect()
}

/// Hands out idmap blocks no drawing uses.
pub(crate) struct Blocks {
    next: u32,
}

impl Blocks {
    /// Start above every block and shape id of `drawings`.
    pub fn new<'a>(drawings: impl Iterator<Item = &'a str>) -> Self {
        let mut next = 1;
        for d in drawings {
            for b in blocks(d) {
                next = next.max(b.saturating_add(1));
            }
            for id in used_ids(d) {
                next = next.max(id / 1024 + 1);
            }
        }
        Blocks { next }
    }

    fn take(&mut self) -> Result<u32, PatchError> {
        let b = self.next;
        // Shape ids are 32-bit; keep well inside.
        if b > 1_000_000 {
            return Err(PatchError::new("批注图形编号已用尽"));
        }
        self.next += 1;
        Ok(b)
    }
}

fn shape(id: u32, s: &Shape) -> String {
    let rows = s.lines.clamp(3, 40) + 1;
    let (c0, c1) = ((s.col + 1).min(MAX_COL), (s.col + 5).min(MAX_COL));
    let (r0, r1) = (s.row.min(MAX_ROW), (s.row + rows).min(MAX_ROW));
    let height = 12 * rows + 6;
    format!(
        "<v:shape id=\"_x0000_s{id}\" type=\"#_x0000_t202\" style=\"position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:240pt;height:{height}pt;z-index:{id};visibility:hidden\" fillcolor=\"#ffffe1\" o:insetmode=\"auto\"><v:fill color2=\"#ffffe1\"/><v:shadow on=\"t\" color=\"black\" obscured=\"t\"/><v:path o:connecttype=\"none\"/><v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox><x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{c0}, 15, {r0}, 2, {c1}, 15, {r1}, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>{}</x:Row><x:Column>{}</x:Column></x:ClientData></v:shape>",
        s.row, s.col
    )
}

/// A new drawing with a box for each of `shapes`.
pub(crate) fn new_drawing(shapes: &[Shape], blocks: &mut Blocks) -> Result<String, PatchError> {
    let mut ids = Vec::new();
    let mut data = Vec::new();
    while ids.len() < shapes.len() {
        let b = blocks.take()?;
        data.push(b.to_string());
        ids.extend((1..1024).map(|k| b * 1024 + k));
    }
    if data.is_empty() {
        data.push(blocks.take()?.to_string());
    }
    let body: String = shapes
        .iter()
        .zip(&ids)
        .map(|(s, &id)| shape(id, s))
        .collect();
    Ok(format!(
        "<xml {}><o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"{}\"/></o:shapelayout>{SHAPETYPE}{body}</xml>",
        NS.join(" "),
        data.join(",")
    ))
}

/// `vml` with boxes for `shapes` appended, ids taken from its own blocks
/// where free, else from new blocks added to its `idmap`.
pub(crate) fn add_shapes(
    vml: &str,
    shapes: &[Shape],
    blocks: &mut Blocks,
) -> Result<String, PatchError> {
    let head_at = vml
        .find("<xml")
        .ok_or_else(|| PatchError::new("批注绘图部件格式无法识别"))?;
    let head_end = head_at
        + vml[head_at..]
            .find('>')
            .ok_or_else(|| PatchError::new("批注绘图部件格式无法识别"))?;
    let head = &vml[head_at..head_end];
    if !NS.iter().all(|ns| head.contains(ns)) {
        return Err(PatchError::new(
            "批注绘图部件的命名空间与常见格式不同，暂不支持",
        ));
    }
    let close = vml
        .rfind("</xml>")
        .filter(|&c| c > head_end)
        .ok_or_else(|| PatchError::new("批注绘图部件不完整"))?;
    let used: std::collections::HashSet<u32> = used_ids(vml).into_iter().collect();
    let own = blocks_of(vml);
    let mut free: Vec<u32> = own
        .iter()
        .flat_map(|&b| (1..1024).map(move |k| b * 1024 + k))
        .filter(|id| !used.contains(id))
        .take(shapes.len())
        .collect();
    let mut added = Vec::new();
    while free.len() < shapes.len() {
        let b = blocks.take()?;
        added.push(b);
        free.extend((1..1024).map(|k| b * 1024 + k));
    }
    let mut body = String::new();
    if !vml.contains("id=\"_x0000_t202\"") {
        body.push_str(SHAPETYPE);
    }
    for (s, &id) in shapes.iter().zip(&free) {
        body.push_str(&shape(id, s));
    }
    let mut out = String::with_capacity(vml.len() + body.len() + 64);
    match (added.is_empty(), own.is_empty()) {
        (true, _) => out.push_str(&vml[..close]),
        (false, false) => {
            let data_at =
                idmap_data(vml).ok_or_else(|| PatchError::new("批注绘图部件格式无法识别"))?;
            let extra: String = added.iter().map(|b| format!(",{b}")).collect();
            out.push_str(&vml[..data_at]);
            out.push_str(&extra);
            out.push_str(&vml[data_at..close]);
        }
        (false, true) => {
            let data: Vec<String> = added.iter().map(u32::to_string).collect();
            out.push_str(&vml[..=head_end]);
            out.push_str(&format!(
                "<o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"{}\"/></o:shapelayout>",
                data.join(",")
            ));
            out.push_str(&vml[head_end + 1..close]);
        }
    }
    out.push_str(&body);
    out.push_str(&vml[close..]);
    Ok(out)
}

/// Blocks of the first `idmap` only: that is the one Excel reads.
fn blocks_of(vml: &str) -> Vec<u32> {
    let Some(i) = vml.find("idmap") else {
        return Vec::new();
    };
    blocks(&vml[i.saturating_sub(1)..vml[i..].find('>').map_or(vml.len(), |e| i + e + 1)])
}

/// Offset just before the closing quote of the first idmap's `data`.
fn idmap_data(vml: &str) -> Option<usize> {
    let i = vml.find("idmap")?;
    let end = i + vml[i..].find('>')?;
    let d = i + vml[i..end].find("data=")? + 5;
    let q = vml[d..].chars().next()?;
    Some(d + 1 + vml[d + 1..end].find(q)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_drawings_take_unused_blocks() {
        let existing =
            "<xml><o:idmap v:ext=\"edit\" data=\"1,3\"/><v:shape id=\"_x0000_s5000\"/></xml>";
        let mut b = Blocks::new([existing].into_iter());
        let shapes = [Shape {
            row: 0,
            col: 0,
            lines: 2,
        }];
        let d = new_drawing(&shapes, &mut b).unwrap();
        assert!(d.contains("data=\"5\""), "{d}");
        assert!(d.contains("_x0000_s5121"));
        assert!(d.contains("<x:Row>0</x:Row><x:Column>0</x:Column>"));
    }

    #[test]
    fn shapes_are_appended_with_free_ids() {
        let vml = format!(
            "<xml {}><o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"1\"/></o:shapelayout>{SHAPETYPE}<v:shape id=\"_x0000_s1025\"/></xml>\r\n",
            NS.join(" ")
        );
        let mut b = Blocks::new([vml.as_str()].into_iter());
        let out = add_shapes(
            &vml,
            &[Shape {
                row: 4,
                col: 2,
                lines: 1,
            }],
            &mut b,
        )
        .unwrap();
        assert!(out.starts_with(&vml[..vml.find("</xml>").unwrap()]));
        assert!(out.contains("_x0000_s1026"));
        assert!(out.ends_with("</v:shape></xml>\r\n"));
        assert_eq!(out.matches("<v:shapetype").count(), 1);
        // A full block spills into a new one, added to the idmap.
        let full: String = (1025..2048)
            .map(|i| format!("<v:shape id=\"_x0000_s{i}\"/>"))
            .collect();
        let vml = vml.replace("<v:shape id=\"_x0000_s1025\"/>", &full);
        let mut b = Blocks::new([vml.as_str()].into_iter());
        let out = add_shapes(
            &vml,
            &[Shape {
                row: 0,
                col: 0,
                lines: 1,
            }],
            &mut b,
        )
        .unwrap();
        assert!(out.contains("data=\"1,2\""));
        assert!(out.contains("_x0000_s2049"));
    }

    #[test]
    fn unknown_namespaces_are_refused() {
        let mut b = Blocks::new(std::iter::empty());
        assert!(add_shapes(
            "<xml><v:shape/></xml>",
            &[Shape {
                row: 0,
                col: 0,
                lines: 1
            }],
            &mut b
        )
        .is_err());
        assert!(add_shapes("no xml", &[], &mut b).is_err());
    }
}
