//! Locating elements in a part and splicing bytes into it.
//!
//! Why splice instead of re-serialising: a part we edit must stay as the
//! user's application wrote it (namespace declarations, `mc:Ignorable`,
//! `x14ac:` attributes, extension lists, whitespace), so we only find the
//! byte positions of the few elements we touch with quick-xml and replace
//! or insert text there.

use super::PatchError;
use quick_xml::events::Event;
use quick_xml::Reader;

/// One element of a part: where its start tag, content and end tag are.
#[derive(Debug, Clone)]
pub(crate) struct El {
    /// Qualified name as written (`x:sheetView`, `sheetView`).
    pub name: String,
    pub depth: usize,
    /// Index of the parent in the scan's list (`None` for the root).
    pub parent: Option<usize>,
    /// Offset of `<`.
    pub start: usize,
    /// Offset just after the start tag's `>` (for an empty element, its end).
    pub head_end: usize,
    /// Offset of the end tag's `<` (equal to `head_end` when empty).
    pub close: usize,
    /// Offset just after the element.
    pub end: usize,
}

impl El {
    /// Local name, without prefix.
    pub fn local(&self) -> &str {
        local(&self.name)
    }

    /// Prefix with its colon (`"x:"`), or empty.
    pub fn prefix(&self) -> &str {
        match self.name.find(':') {
            Some(i) => &self.name[..=i],
            None => "",
        }
    }

    pub fn is_empty(&self) -> bool {
        self.close == self.head_end && self.end == self.head_end
    }

    /// The start tag's text.
    pub fn head<'a>(&self, xml: &'a str) -> &'a str {
        &xml[self.start..self.head_end]
    }

    /// Text between the tags.
    pub fn inner<'a>(&self, xml: &'a str) -> &'a str {
        &xml[self.head_end..self.close]
    }

    /// Unescaped value of attribute `key` (qualified name as written).
    pub fn attr(&self, xml: &str, key: &str) -> Option<String> {
        attr(self.head(xml), key)
    }
}

pub(crate) fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// Scan a part, keeping the elements for which `keep(depth, local_name)`
/// holds (ancestors of kept elements are not implied). Refuses malformed XML
/// and DOCTYPEs.
pub(crate) fn scan(xml: &str, keep: impl Fn(usize, &str) -> bool) -> Result<Vec<El>, PatchError> {
    scan_visit(xml, keep, |_, _, _| {})
}

/// [`scan`], also showing every start tag to `visit(depth, local_name,
/// start_tag_text)`, so a caller that needs details of elements it does not
/// keep (the cells of a sheet) reads the part once.
pub(crate) fn scan_visit(
    xml: &str,
    keep: impl Fn(usize, &str) -> bool,
    mut visit: impl FnMut(usize, &str, &str),
) -> Result<Vec<El>, PatchError> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut out: Vec<El> = Vec::new();
    // Stack of (index in `out` or usize::MAX when not kept).
    let mut stack: Vec<usize> = Vec::new();
    let mut parent_kept: Vec<Option<usize>> = Vec::new();
    loop {
        let before = pos(&reader);
        let event = reader
            .read_event()
            .map_err(|e| PatchError::new(format!("部件 XML 格式错误（{e}）")))?;
        let after = pos(&reader);
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let qn = e.name();
                let qname: &str = qn.as_ref();
                let depth = stack.len();
                let parent = parent_kept.last().copied().flatten();
                visit(
                    depth,
                    local(qname),
                    xml.get(before..after).unwrap_or_default(),
                );
                let idx = if keep(depth, local(qname)) {
                    out.push(El {
                        name: qname.to_string(),
                        depth,
                        parent,
                        start: before,
                        head_end: after,
                        close: after,
                        end: after,
                    });
                    Some(out.len() - 1)
                } else {
                    None
                };
                if !empty {
                    stack.push(idx.unwrap_or(usize::MAX));
                    parent_kept.push(idx.or(parent));
                }
            }
            Event::End(_) => {
                let idx = stack.pop().unwrap_or(usize::MAX);
                parent_kept.pop();
                if let Some(el) = out.get_mut(idx) {
                    el.close = before;
                    el.end = after;
                }
            }
            Event::DocType(_) => return Err(PatchError::new("部件含有 DOCTYPE 声明")),
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(PatchError::new("部件 XML 不完整"));
    }
    Ok(out)
}

fn pos(reader: &Reader<&[u8]>) -> usize {
    usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX)
}

/// The root element and the indices of its direct children.
pub(crate) fn root_and_children(els: &[El]) -> Result<(&El, Vec<usize>), PatchError> {
    let r = els
        .iter()
        .position(|e| e.depth == 0)
        .ok_or_else(|| PatchError::new("部件没有根元素"))?;
    let root = &els[r];
    let kids = (0..els.len())
        .filter(|&i| els[i].depth == 1 && els[i].parent == Some(r))
        .collect();
    Ok((root, kids))
}

/// An attribute of a start tag: key, raw (escaped) value and where the
/// whole ` key="value"` text sits in the tag.
struct RawAttr<'a> {
    key: &'a str,
    value: &'a str,
    /// Range of the value (inside the quotes) in the tag.
    value_at: (usize, usize),
    /// Range from the whitespace before the key to the closing quote.
    whole: (usize, usize),
}

/// Attributes of a start tag (`<name a="1" b='2'>` or `.../>`), parsed
/// lazily without allocating: lookups run for every cell of a sheet.
fn raw_attrs(head: &str) -> AttrIter<'_> {
    let b = head.as_bytes();
    // Skip `<` and the element name.
    let mut i = 1;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    AttrIter { head, i }
}

struct AttrIter<'a> {
    head: &'a str,
    i: usize,
}

impl<'a> Iterator for AttrIter<'a> {
    type Item = RawAttr<'a>;

    fn next(&mut self) -> Option<RawAttr<'a>> {
        let (head, b) = (self.head, self.head.as_bytes());
        let mut i = self.i;
        let ws = i;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let key_start = i;
        while i < b.len() && !matches!(b[i], b'=' | b'>' | b'/') && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i == key_start {
            return None;
        }
        let key_end = i;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b.get(i) != Some(&b'=') {
            return None;
        }
        i += 1;
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let quote = *b.get(i)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let value_start = i + 1;
        let len = b.get(value_start..)?.iter().position(|&c| c == quote)?;
        let value_end = value_start + len;
        self.i = value_end + 1;
        Some(RawAttr {
            key: head.get(key_start..key_end)?,
            value: head.get(value_start..value_end)?,
            value_at: (value_start, value_end),
            whole: (ws, value_end + 1),
        })
    }
}

/// Unescaped value of attribute `key` in a start tag.
pub(crate) fn attr(head: &str, key: &str) -> Option<String> {
    if !head.contains(key) {
        return None;
    }
    raw_attrs(head)
        .find(|a| a.key == key)
        .map(|a| unescape(a.value))
}

/// Prefix (with colon) bound to namespace `ns` on a start tag, if any.
pub(crate) fn ns_prefix(head: &str, ns: &str) -> Option<String> {
    raw_attrs(head).find_map(|a| {
        let v = unescape(a.value);
        if v != ns {
            return None;
        }
        match a.key {
            "xmlns" => Some(String::new()),
            k => k.strip_prefix("xmlns:").map(|p| format!("{p}:")),
        }
    })
}

fn unescape(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_string();
    }
    quick_xml::escape::unescape(raw)
        .map(|c| c.into_owned())
        .unwrap_or_else(|_| raw.to_string())
}

/// What an element we add needs so that it is in the SpreadsheetML main
/// namespace: nothing when the part's default namespace is the main one,
/// else a local ` xmlns="…"`. Strict OOXML (another namespace) is refused:
/// the result sheets are Transitional.
pub(crate) fn main_ns_decl(root_head: &str) -> Result<&'static str, PatchError> {
    use super::package::MAIN_NS;
    match ns_prefix(root_head, MAIN_NS) {
        Some(p) if p.is_empty() => Ok(""),
        Some(_) => Ok(" xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""),
        None if root_head.contains("purl.oclc.org/ooxml") => Err(PatchError::new(
            "文件为 Strict Open XML 格式，暂不支持直接标注",
        )),
        None => Err(PatchError::new("部件不是 SpreadsheetML 格式")),
    }
}

/// `item` (an element's text) with `decl` added to its first start tag.
pub(crate) fn with_ns(item: &str, decl: &str) -> String {
    if decl.is_empty() {
        return item.to_string();
    }
    let end = item
        .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
        .unwrap_or(item.len());
    format!("{}{decl}{}", &item[..end], &item[end..])
}

/// Escape text for element content or a double-quoted attribute, dropping
/// characters XML 1.0 cannot carry.
pub(crate) fn esc(text: &str) -> String {
    let plain = |c: char| {
        !matches!(c, '<' | '>' | '&' | '"' | '\'' | '\u{FFFE}' | '\u{FFFF}')
            && (c >= ' ' || matches!(c, '\t' | '\n' | '\r'))
    };
    if text.chars().all(plain) {
        return text.to_string();
    }
    let clean: String = text
        .chars()
        .filter(|&c| {
            !(c < ' ' && c != '\t' && c != '\n' && c != '\r') && c != '\u{FFFE}' && c != '\u{FFFF}'
        })
        .collect();
    quick_xml::escape::escape(clean.as_str()).into_owned()
}

/// Byte edits to one part, applied together. Positions refer to the
/// original text; edits must not overlap (insertions at one position keep
/// their order).
#[derive(Default)]
pub(crate) struct Splice {
    edits: Vec<(usize, usize, String)>,
}

impl Splice {
    pub fn insert(&mut self, at: usize, text: impl Into<String>) {
        self.edits.push((at, at, text.into()));
    }

    pub fn replace(&mut self, from: usize, to: usize, text: impl Into<String>) {
        self.edits.push((from, to, text.into()));
    }

    pub fn is_empty(&self) -> bool {
        self.edits.is_empty()
    }

    /// Set attribute `key` of the start tag at `el` (replace its value or
    /// add it before the tag's end).
    pub fn set_attr(&mut self, xml: &str, el: &El, key: &str, value: &str) {
        let head = el.head(xml);
        match raw_attrs(head).find(|a| a.key == key) {
            Some(a) => self.replace(el.start + a.value_at.0, el.start + a.value_at.1, esc(value)),
            None => {
                let back = if head.ends_with("/>") { 2 } else { 1 };
                self.insert(el.head_end - back, format!(" {key}=\"{}\"", esc(value)));
            }
        }
    }

    /// Remove attribute `key` of the start tag at `el`, if present.
    pub fn remove_attr(&mut self, xml: &str, el: &El, key: &str) {
        if let Some(a) = raw_attrs(el.head(xml)).find(|a| a.key == key) {
            self.replace(el.start + a.whole.0, el.start + a.whole.1, "");
        }
    }

    /// The edited text.
    pub fn apply(mut self, xml: &str) -> Result<String, PatchError> {
        // Stable: insertions at one offset keep the order they were added.
        self.edits.sort_by_key(|e| (e.0, e.1));
        let mut out = String::with_capacity(xml.len() + 4096);
        let mut at = 0;
        for (from, to, text) in self.edits {
            if from < at
                || to < from
                || to > xml.len()
                || !xml.is_char_boundary(from)
                || !xml.is_char_boundary(to)
            {
                return Err(PatchError::new("内部错误：部件修改位置重叠"));
            }
            out.push_str(&xml[at..from]);
            out.push_str(&text);
            at = to;
        }
        out.push_str(&xml[at..]);
        Ok(out)
    }
}

/// Where a new child `name` goes among `kids` of a parent so that the
/// schema's child order (`order`, local names) holds: before the first
/// child that must come after it, else at the parent's end tag.
pub(crate) fn insert_at(
    xml: &str,
    els: &[El],
    parent: &El,
    kids: &[usize],
    order: &[&str],
    name: &str,
) -> Result<usize, PatchError> {
    let Some(rank) = order.iter().position(|n| *n == name) else {
        return Err(PatchError::new(format!("内部错误：未知元素 {name}")));
    };
    for &k in kids {
        if let Some(r) = child_rank(xml, els, k, order) {
            if r > rank {
                return Ok(els[k].start);
            }
        }
    }
    if parent.is_empty() {
        return Err(PatchError::new(format!(
            "元素 {} 为空，无法插入",
            parent.name
        )));
    }
    Ok(parent.close)
}

/// Rank of child `k` in `order`. `mc:AlternateContent` takes the rank of
/// the element its first choice holds; unknown elements have none.
fn child_rank(xml: &str, els: &[El], k: usize, order: &[&str]) -> Option<usize> {
    let el = &els[k];
    if el.local() == "AlternateContent" {
        let choice = (k + 1..els.len()).find(|&i| els[i].parent == Some(k))?;
        let inner = (choice + 1..els.len()).find(|&i| els[i].parent == Some(choice))?;
        let _ = xml;
        return order.iter().position(|n| *n == els[inner].local());
    }
    order.iter().position(|n| *n == el.local())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_read_set_and_removed_in_place() {
        let xml = r#"<a><b x="1" y='a&amp;b'/><c/></a>"#;
        let els = scan(xml, |_, _| true).unwrap();
        let b = &els[1];
        assert_eq!(b.attr(xml, "y").as_deref(), Some("a&b"));
        let mut s = Splice::default();
        s.set_attr(xml, b, "x", "2");
        s.remove_attr(xml, b, "y");
        s.set_attr(xml, &els[2], "z", "<");
        assert_eq!(s.apply(xml).unwrap(), r#"<a><b x="2"/><c z="&lt;"/></a>"#);
    }

    #[test]
    fn spans_cover_start_content_and_end() {
        let xml = "<r><k a=\"1\">text</k></r>";
        let els = scan(xml, |_, n| n == "k").unwrap();
        assert_eq!(els[0].head(xml), "<k a=\"1\">");
        assert_eq!(els[0].inner(xml), "text");
        assert_eq!(&xml[els[0].start..els[0].end], "<k a=\"1\">text</k>");
        assert_eq!(els[0].parent, None);
    }

    #[test]
    fn insertion_respects_order_and_alternate_content() {
        let xml = "<w xmlns:mc=\"m\"><a/><mc:AlternateContent><mc:Choice><d/></mc:Choice></mc:AlternateContent><e/></w>";
        let els = scan(xml, |_, _| true).unwrap();
        let (root, kids) = root_and_children(&els).unwrap();
        let order = ["a", "b", "c", "d", "e"];
        let at = insert_at(xml, &els, root, &kids, &order, "c").unwrap();
        assert!(xml[at..].starts_with("<mc:AlternateContent"));
        let at = insert_at(xml, &els, root, &kids, &order, "e").unwrap();
        assert!(xml[at..].starts_with("</w>"));
    }

    #[test]
    fn malformed_and_doctype_parts_are_refused() {
        assert!(scan("<a><b></a>", |_, _| true).is_err());
        assert!(scan("<!DOCTYPE x><a/>", |_, _| true).is_err());
        assert!(scan("<a>", |_, _| true).is_err());
    }
}
