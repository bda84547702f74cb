//! Package-level edits: the `w:` prefix on a part's root, a relationship
//! and a content-type override added only when missing, and the new zip
//! in which every part not edited is copied with its compressed bytes.

use super::super::package::{parse_rels, W_NS, W_NS_STRICT};
use super::super::wml::escape;
use super::super::DocxError;
use super::splice::Splices;
use quick_xml::events::Event;
use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::ops::Range;

/// The root element of a part: its start tag, where its end tag begins,
/// and what its `w` prefix is bound to.
#[derive(Debug, Clone)]
pub(crate) struct Root {
    pub tag: Range<usize>,
    pub self_closing: bool,
    /// Start of `</root>` (or of the `/>` of a self-closing root).
    pub end_at: usize,
    pub w: Prefix,
    /// Largest numeric `w:id` of the root's direct children.
    pub max_child_id: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prefix {
    /// `w` is the WordprocessingML namespace.
    Main,
    /// Not declared on the root (nor, we assume, anywhere).
    Missing,
    /// Bound to something else: generated `w:` elements would be wrong.
    Other,
}

fn broken(part: &str) -> DocxError {
    DocxError::Annotate(format!(
        "无法生成批注文档：部件 {part} 不是有效的 XML，请用 Word 或 WPS 另存后再检查"
    ))
}

/// Read a part's root element.
pub(crate) fn root(xml: &[u8], part: &str) -> Result<Root, DocxError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut depth = 0u32;
    let mut found: Option<Root> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let ev = reader.read_event().map_err(|_| broken(part))?;
        let after = reader.buffer_position() as usize;
        match ev {
            Event::Start(e) | Event::Empty(e) if depth == 0 && found.is_none() => {
                let w = prefix_of(&e);
                let self_closing = xml.get(before..after).is_some_and(|t| t.ends_with(b"/>"));
                found = Some(Root {
                    tag: before..after,
                    self_closing,
                    end_at: if self_closing { after - 2 } else { after },
                    w,
                    max_child_id: 0,
                });
                if !self_closing {
                    depth = 1;
                }
            }
            Event::Start(e) => {
                if depth == 1 {
                    child_id(&e, &mut found);
                }
                depth += 1;
            }
            Event::Empty(e) if depth == 1 => child_id(&e, &mut found),
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if let Some(r) = found.as_mut() {
                        r.end_at = before;
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    found.ok_or_else(|| broken(part))
}

fn child_id(e: &quick_xml::events::BytesStart<'_>, found: &mut Option<Root>) {
    let id = super::super::xml::attr(e, "id").and_then(|v| v.trim().parse::<u64>().ok());
    if let (Some(id), Some(r)) = (id, found.as_mut()) {
        r.max_child_id = r.max_child_id.max(id);
    }
}

fn prefix_of(e: &quick_xml::events::BytesStart<'_>) -> Prefix {
    for a in e.attributes().flatten() {
        if a.key.as_ref() == "xmlns:w" {
            let v = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .unwrap_or_default();
            return if v == W_NS || v == W_NS_STRICT {
                Prefix::Main
            } else {
                Prefix::Other
            };
        }
    }
    Prefix::Missing
}

/// What `w` means on the start tag at `tag` (a part's root), without
/// reading the rest of the part.
pub(crate) fn prefix_at(xml: &[u8], tag: Range<usize>) -> Prefix {
    let bytes = xml.get(tag).unwrap_or_default();
    let mut reader = quick_xml::Reader::from_reader(bytes);
    match reader.read_event() {
        Ok(Event::Start(e) | Event::Empty(e)) => prefix_of(&e),
        _ => Prefix::Missing,
    }
}

/// Make sure generated `w:` elements are in the main namespace: declare
/// the prefix on the root when it is missing; refuse when it means
/// something else.
pub(crate) fn bind_w(
    s: &mut Splices,
    xml: &[u8],
    tag: Range<usize>,
    prefix: Prefix,
    part: &str,
) -> Result<(), DocxError> {
    match prefix {
        Prefix::Main => Ok(()),
        Prefix::Other => Err(DocxError::Annotate(format!(
            "无法生成批注文档：部件 {part} 的命名空间前缀 w 另有所指，请用 Word 或 WPS 另存后再检查"
        ))),
        Prefix::Missing => {
            let bytes = xml.get(tag.clone()).unwrap_or_default();
            let name_end = bytes
                .iter()
                .skip(1)
                .position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
                .map_or(tag.end, |i| tag.start + 1 + i);
            s.insert(name_end, 0, format!(" {}", super::super::wml::XMLNS_W));
            Ok(())
        }
    }
}

/// Insert `content` as the last children of a part's root.
pub(crate) fn append_children(s: &mut Splices, xml: &[u8], root: &Root, content: &str) {
    if root.self_closing {
        let tag = String::from_utf8_lossy(&xml[root.tag.clone()]);
        let name = tag
            .trim_start_matches('<')
            .split(|c: char| c.is_whitespace() || c == '/' || c == '>')
            .next()
            .unwrap_or("")
            .to_string();
        s.replace(root.end_at..root.tag.end, 5, format!(">{content}</{name}>"));
    } else {
        s.insert(root.end_at, 5, content);
    }
}

/// The relationships part with one more relationship, and its id; a new
/// part when there was none.
pub(crate) fn add_relationship(
    rels: Option<&[u8]>,
    kind: &str,
    target: &str,
    part: &str,
) -> Result<(Vec<u8>, String), DocxError> {
    let existing = rels.map(parse_rels).unwrap_or_default();
    let top = existing
        .iter()
        .filter_map(|r| r.id.strip_prefix("rId").and_then(|n| n.parse::<u64>().ok()))
        .max()
        .unwrap_or(0);
    let mut n = top + 1;
    while existing.iter().any(|r| r.id == format!("rId{n}")) {
        n += 1;
    }
    let id = format!("rId{n}");
    let rel = format!(
        r#"<Relationship Id="{id}" Type="{}" Target="{}"/>"#,
        escape(kind),
        escape(target)
    );
    let Some(xml) = rels else {
        let new = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rel}</Relationships>"#
        );
        return Ok((new.into_bytes(), id));
    };
    let r = root(xml, part)?;
    let mut s = Splices::default();
    append_children(&mut s, xml, &r, &rel);
    Ok((s.apply(xml)?, id))
}

/// `[Content_Types].xml` with an override for `part_name` (e.g.
/// `/word/comments.xml`), or None when it already has one.
pub(crate) fn add_override(
    types: &[u8],
    part_name: &str,
    content_type: &str,
) -> Result<Option<Vec<u8>>, DocxError> {
    let mut reader = quick_xml::Reader::from_reader(types);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Override" => {
                let name = super::super::xml::attr(&e, "PartName").unwrap_or_default();
                if name.eq_ignore_ascii_case(part_name) {
                    return Ok(None);
                }
            }
            Ok(Event::Eof) => break,
            Err(_) => return Err(broken("[Content_Types].xml")),
            _ => {}
        }
    }
    let r = root(types, "[Content_Types].xml")?;
    let mut s = Splices::default();
    append_children(
        &mut s,
        types,
        &r,
        &format!(
            r#"<Override PartName="{}" ContentType="{}"/>"#,
            escape(part_name),
            escape(content_type)
        ),
    );
    Ok(Some(s.apply(types)?))
}

/// A copy of the package: parts in `edited` replaced (recompressed), parts
/// in `added` appended, every other entry copied with its compressed bytes
/// untouched.
pub(crate) fn rewrite(
    input: &[u8],
    edited: &BTreeMap<String, Vec<u8>>,
    added: &[(String, Vec<u8>)],
) -> Result<Vec<u8>, DocxError> {
    let failed = |_| DocxError::Annotate("无法生成批注文档：写入压缩包失败".into());
    let mut zip = zip::ZipArchive::new(Cursor::new(input)).map_err(failed)?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(input.len() + 64 * 1024)));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(failed)?;
        let name = entry.name().map_err(failed)?.to_string();
        match edited.get(&name) {
            Some(bytes) => {
                let opts = match entry.last_modified() {
                    Some(t) => options.last_modified_time(t),
                    None => options,
                };
                drop(entry);
                out.start_file(name.as_str(), opts).map_err(failed)?;
                out.write_all(bytes)
                    .map_err(|_| failed(zip::result::ZipError::FileNotFound))?;
            }
            None => out.raw_copy_file(entry).map_err(failed)?,
        }
    }
    for (name, bytes) in added {
        out.start_file(name.as_str(), options).map_err(failed)?;
        out.write_all(bytes)
            .map_err(|_| failed(zip::result::ZipError::FileNotFound))?;
    }
    Ok(out.finish().map_err(failed)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationships_and_overrides_are_added_once() {
        let rels = br#"<Relationships xmlns="x"><Relationship Id="rId3" Type="t" Target="a"/><Relationship Id="rId4" Type="t" Target="b"/></Relationships>"#;
        let (out, id) = add_relationship(Some(rels), "T/comments", "comments.xml", "r").unwrap();
        assert_eq!(id, "rId5");
        let out = String::from_utf8(out).unwrap();
        assert!(out.ends_with(r#"<Relationship Id="rId5" Type="T/comments" Target="comments.xml"/></Relationships>"#), "{out}");
        let (new, id) = add_relationship(None, "T", "c.xml", "r").unwrap();
        assert_eq!(id, "rId1");
        assert!(String::from_utf8(new).unwrap().contains(r#"Id="rId1""#));
        let types = br#"<Types xmlns="x"><Override PartName="/word/document.xml" ContentType="d"/></Types>"#;
        let added = add_override(types, "/word/comments.xml", "c")
            .unwrap()
            .unwrap();
        assert!(String::from_utf8(added.clone())
            .unwrap()
            .contains(r#"<Override PartName="/word/comments.xml" ContentType="c"/></Types>"#));
        assert_eq!(
            add_override(&added, "/WORD/comments.xml", "c").unwrap(),
            None
        );
        let empty = br#"<Types xmlns="x"/>"#;
        let added = add_override(empty, "/a.xml", "c").unwrap().unwrap();
        assert_eq!(
            String::from_utf8(added).unwrap(),
            r#"<Types xmlns="x"><Override PartName="/a.xml" ContentType="c"/></Types>"#
        );
    }

    #[test]
    fn roots_know_their_prefix_and_ids() {
        let xml = br#"<?xml version="1.0"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="7"><w:p/></w:comment><w:comment w:id="2"/></w:comments>"#;
        let r = root(xml, "c").unwrap();
        assert_eq!(r.w, Prefix::Main);
        assert_eq!(r.max_child_id, 7);
        assert_eq!(&xml[r.end_at..], b"</w:comments>");
        let other = br#"<x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><x:body/></x:document>"#;
        let r = root(other, "d").unwrap();
        assert_eq!(r.w, Prefix::Missing);
        assert_eq!(prefix_at(other, r.tag.clone()), Prefix::Missing);
        let mut s = Splices::default();
        bind_w(&mut s, other, r.tag.clone(), r.w, "d").unwrap();
        let out = String::from_utf8(s.apply(other).unwrap()).unwrap();
        assert!(out.starts_with(r#"<x:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:x="#), "{out}");
        let clash = br#"<w:document xmlns:w="urn:other"/>"#;
        let r = root(clash, "d").unwrap();
        assert!(bind_w(&mut Splices::default(), clash, r.tag.clone(), r.w, "d").is_err());
    }
}
