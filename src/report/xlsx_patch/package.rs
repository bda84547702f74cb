//! The OPC package: zip entries in and out, relationships, content types
//! and part names resolved the way the package itself declares them.
//!
//! Part names are matched case-insensitively with `/` separators (OPC says
//! part names are case-insensitive, and some writers use odd casing); an
//! edited part keeps its original entry name, every other entry is copied
//! with `raw_copy_file` (no inflate, no deflate, same bytes and CRC).

use super::xml::{self, Splice};
use super::PatchError;
use crate::workbook::{guard, Limits};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

pub(crate) const REL_NS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
pub(crate) const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const PKG_RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
pub(crate) const REL_OFFICE_DOCUMENT: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
pub(crate) const REL_WORKSHEET: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
pub(crate) const REL_STYLES: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";
pub(crate) const REL_SHARED_STRINGS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings";
pub(crate) const REL_COMMENTS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
pub(crate) const REL_VML: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing";
pub(crate) const REL_HYPERLINK: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";
pub(crate) const CT_WORKSHEET: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
pub(crate) const CT_COMMENTS: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml";
pub(crate) const CT_STYLES: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml";
pub(crate) const CT_VML: &str = "application/vnd.openxmlformats-officedocument.vmlDrawing";

/// Lookup key of a part name: no leading slash, `/` separators, lower case.
pub(crate) fn key(name: &str) -> String {
    name.replace('\\', "/")
        .trim_start_matches('/')
        .to_lowercase()
}

/// A zip package opened for reading.
pub(crate) struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Entry names in their original order and spelling.
    names: Vec<String>,
    index: HashMap<String, usize>,
    part_limit: u64,
}

impl<'a> Package<'a> {
    /// Open `bytes`, refusing zip bombs (the same guard as reading) and
    /// packages whose entry names collide once case is ignored.
    pub fn open(bytes: &'a [u8], limits: &Limits) -> Result<Self, PatchError> {
        guard::check_zip(bytes, limits).map_err(|e| PatchError::new(e.to_string()))?;
        let zip = ZipArchive::new(Cursor::new(bytes))
            .map_err(|_| PatchError::new("压缩包结构无法读取"))?;
        let mut names = Vec::with_capacity(zip.len());
        let mut index = HashMap::with_capacity(zip.len());
        for (i, name) in zip.file_names().enumerate() {
            let name = name
                .map_err(|_| PatchError::new("压缩包内有无法识别的部件名"))?
                .into_owned();
            if index.insert(key(&name), i).is_some() {
                return Err(PatchError::new(format!("压缩包内部件名重复：{name}")));
            }
            names.push(name);
        }
        Ok(Package {
            zip,
            names,
            index,
            part_limit: limits.part_limit(),
        })
    }

    pub fn has(&self, part: &str) -> bool {
        self.index.contains_key(&key(part))
    }

    /// Entry names, in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The part's bytes, or `None` when the package has no such part.
    pub fn read(&mut self, part: &str) -> Result<Option<Vec<u8>>, PatchError> {
        let limit = self.part_limit;
        let Some(mut entry) = self.entry(part)? else {
            return Ok(None);
        };
        let mut out = Vec::with_capacity(entry.size().min(limit) as usize);
        (&mut entry)
            .take(limit.saturating_add(1))
            .read_to_end(&mut out)
            .map_err(|_| PatchError::new(format!("部件 {part} 无法解压（已损坏）")))?;
        if out.len() as u64 > limit {
            return Err(PatchError::new(format!("部件 {part} 过大")));
        }
        Ok(Some(out))
    }

    /// The part's entry, being inflated as it is read.
    fn entry(
        &mut self,
        part: &str,
    ) -> Result<Option<zip::read::ZipFile<'_, Cursor<&'a [u8]>>>, PatchError> {
        let Some(&i) = self.index.get(&key(part)) else {
            return Ok(None);
        };
        self.zip
            .by_index(i)
            .map(Some)
            .map_err(|_| PatchError::new(format!("部件 {part} 无法解压（可能已加密或损坏）")))
    }

    /// Whether `needle` occurs in the part before `stop` (or anywhere, when
    /// `stop` never comes), inflating only as far as needed.
    pub fn head_contains(
        &mut self,
        part: &str,
        needle: &[u8],
        stop: &[u8],
    ) -> Result<bool, PatchError> {
        let limit = self.part_limit;
        let Some(mut entry) = self.entry(part)? else {
            return Ok(false);
        };
        let find = |hay: &[u8], what: &[u8]| hay.windows(what.len()).position(|w| w == what);
        let mut head: Vec<u8> = Vec::new();
        let mut chunk = [0u8; 16 * 1024];
        loop {
            let n = entry
                .read(&mut chunk)
                .map_err(|_| PatchError::new(format!("部件 {part} 无法解压（已损坏）")))?;
            // Only the new bytes (and a match's length before them) can
            // hold a first match: each byte is looked at a bounded number
            // of times, however long the part.
            let from = head.len().saturating_sub(needle.len().max(stop.len()));
            head.extend_from_slice(&chunk[..n]);
            let end = find(&head[from..], stop).map(|p| from + p);
            if find(&head[from..end.unwrap_or(head.len())], needle).is_some() {
                return Ok(true);
            }
            if end.is_some() || n == 0 || head.len() as u64 > limit {
                return Ok(false);
            }
        }
    }

    /// The part as UTF-8 text (a BOM is dropped), or `None` when absent.
    pub fn text(&mut self, part: &str) -> Result<Option<String>, PatchError> {
        let Some(mut bytes) = self.read(part)? else {
            return Ok(None);
        };
        // In place: a copy would double the peak for a large sheet.
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| PatchError::new(format!("部件 {part} 不是 UTF-8 编码")))
    }

    /// The part as text; a missing part is an error.
    pub fn need_text(&mut self, part: &str) -> Result<String, PatchError> {
        self.text(part)?
            .ok_or_else(|| PatchError::new(format!("缺少部件 {part}")))
    }
}

/// One relationship of a `.rels` part.
#[derive(Debug, Clone)]
pub(crate) struct Rel {
    pub id: String,
    pub kind: String,
    pub target: String,
    pub external: bool,
}

/// Parse a `.rels` part (absent → no relationships).
pub(crate) fn parse_rels(xml: Option<&str>) -> Result<Vec<Rel>, PatchError> {
    let Some(xml) = xml else {
        return Ok(Vec::new());
    };
    let els = xml::scan(xml, |d, _| d <= 1)?;
    Ok(els
        .iter()
        .filter(|e| e.depth == 1 && e.local() == "Relationship")
        .map(|e| Rel {
            id: e.attr(xml, "Id").unwrap_or_default(),
            kind: e.attr(xml, "Type").unwrap_or_default(),
            target: e.attr(xml, "Target").unwrap_or_default(),
            external: e
                .attr(xml, "TargetMode")
                .is_some_and(|m| m.eq_ignore_ascii_case("External")),
        })
        .collect())
}

/// The `.rels` part of `part`: `xl/worksheets/sheet1.xml` →
/// `xl/worksheets/_rels/sheet1.xml.rels`.
pub(crate) fn rels_path(part: &str) -> String {
    let part = part.trim_start_matches('/');
    match part.rfind('/') {
        Some(i) => format!("{}/_rels/{}.rels", &part[..i], &part[i + 1..]),
        None => format!("_rels/{part}.rels"),
    }
}

fn dir_of(part: &str) -> &str {
    let part = part.trim_start_matches('/');
    part.rfind('/').map_or("", |i| &part[..i])
}

/// The part a relationship of `source` points at (absolute or relative,
/// with `.`/`..` segments and percent-escapes), as a part name without a
/// leading slash.
pub(crate) fn resolve(source: &str, target: &str) -> String {
    let target = percent_decode(&target.replace('\\', "/"));
    let target = target.split(['#', '?']).next().unwrap_or_default();
    let mut segs: Vec<&str> = Vec::new();
    if !target.starts_with('/') {
        segs.extend(dir_of(source).split('/').filter(|s| !s.is_empty()));
    }
    for s in target.split('/') {
        match s {
            "" | "." => {}
            ".." => {
                segs.pop();
            }
            s => segs.push(s),
        }
    }
    segs.join("/")
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Relative target from `source`'s folder to `part`.
pub(crate) fn relative(source: &str, part: &str) -> String {
    let from: Vec<&str> = dir_of(source)
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let to: Vec<&str> = part.trim_start_matches('/').split('/').collect();
    let common = from
        .iter()
        .zip(&to)
        .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
        .count()
        .min(to.len().saturating_sub(1));
    let mut out: Vec<&str> = vec![".."; from.len() - common];
    out.extend(&to[common..]);
    out.join("/")
}

/// The first internal relationship of `kind`.
pub(crate) fn find_rel<'r>(rels: &'r [Rel], kind: &str) -> Option<&'r Rel> {
    rels.iter().find(|r| r.kind == kind && !r.external)
}

/// Relationship ids not used in `rels`: rId{n} for the smallest free n.
pub(crate) struct RelIds {
    used: HashSet<String>,
    next: usize,
}

impl RelIds {
    pub fn new(rels: &[Rel]) -> Self {
        RelIds {
            used: rels.iter().map(|r| r.id.clone()).collect(),
            next: 1,
        }
    }

    pub fn fresh(&mut self) -> String {
        loop {
            let id = format!("rId{}", self.next);
            self.next += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// `xml` (a `.rels` part, or none) with `new` relationships appended:
/// (id, type, target, external).
pub(crate) fn add_rels(
    xml: Option<&str>,
    new: &[(String, &str, String, bool)],
) -> Result<String, PatchError> {
    let items: String = new
        .iter()
        .map(|(id, kind, target, external)| {
            format!(
                "<Relationship Id=\"{}\" Type=\"{}\" Target=\"{}\"{}/>",
                xml::esc(id),
                xml::esc(kind),
                xml::esc(target),
                if *external {
                    " TargetMode=\"External\""
                } else {
                    ""
                }
            )
        })
        .collect();
    match xml {
        None => Ok(format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"{PKG_RELS_NS}\">{items}</Relationships>"
        )),
        Some(xml) => {
            let els = xml::scan(xml, |d, _| d == 0)?;
            let root = els
                .first()
                .filter(|e| e.local() == "Relationships")
                .ok_or_else(|| PatchError::new("关系部件格式错误"))?;
            let mut s = Splice::default();
            if root.is_empty() {
                let head = root.head(xml);
                let open = head.trim_end_matches("/>").to_string();
                s.replace(root.start, root.end, format!("{open}>{items}</{}>", root.name));
            } else {
                s.insert(root.close, items);
            }
            s.apply(xml)
        }
    }
}

/// `[Content_Types].xml`, with what it declares.
pub(crate) struct ContentTypes {
    xml: String,
    defaults: HashSet<String>,
    overrides: HashSet<String>,
    added: String,
}

pub(crate) const CONTENT_TYPES: &str = "[Content_Types].xml";

impl ContentTypes {
    pub fn parse(xml: String) -> Result<Self, PatchError> {
        let els = xml::scan(&xml, |d, _| d <= 1)?;
        let mut defaults = HashSet::new();
        let mut overrides = HashSet::new();
        for e in els.iter().filter(|e| e.depth == 1) {
            match e.local() {
                "Default" => {
                    defaults.insert(e.attr(&xml, "Extension").unwrap_or_default().to_lowercase());
                }
                "Override" => {
                    overrides.insert(key(&e.attr(&xml, "PartName").unwrap_or_default()));
                }
                _ => {}
            }
        }
        Ok(ContentTypes {
            xml,
            defaults,
            overrides,
            added: String::new(),
        })
    }

    /// Whether `part` has a content type (an override or its extension's
    /// default).
    pub fn covers(&self, part: &str) -> bool {
        let k = key(part);
        let ext = k.rsplit_once('.').map_or("", |(_, e)| e);
        self.overrides.contains(&k) || (!ext.contains('/') && self.defaults.contains(ext))
    }

    pub fn add_override(&mut self, part: &str, content_type: &str) {
        if self.overrides.insert(key(part)) {
            self.added.push_str(&format!(
                "<Override PartName=\"/{}\" ContentType=\"{content_type}\"/>",
                xml::esc(part.trim_start_matches('/'))
            ));
        }
    }

    pub fn ensure_default(&mut self, ext: &str, content_type: &str) {
        if self.defaults.insert(ext.to_lowercase()) {
            // Defaults come first by convention; the schema allows any order.
            self.added.push_str(&format!(
                "<Default Extension=\"{ext}\" ContentType=\"{content_type}\"/>"
            ));
        }
    }

    /// The edited part, or `None` when nothing was added.
    pub fn finish(self) -> Result<Option<String>, PatchError> {
        if self.added.is_empty() {
            return Ok(None);
        }
        let els = xml::scan(&self.xml, |d, _| d == 0)?;
        let root = els
            .first()
            .filter(|e| e.local() == "Types" && !e.is_empty())
            .ok_or_else(|| PatchError::new("[Content_Types].xml 格式错误"))?;
        let mut s = Splice::default();
        s.insert(root.close, self.added);
        s.apply(&self.xml).map(Some)
    }
}

/// What goes into the output besides the raw copies.
#[derive(Default)]
pub(crate) struct Output {
    /// Replaced parts by lookup key.
    pub edited: BTreeMap<String, Vec<u8>>,
    /// New parts, in the order they are written.
    pub added: Vec<(String, Vec<u8>)>,
    taken: HashSet<String>,
}

impl Output {
    pub fn new(pkg: &Package<'_>) -> Self {
        Output {
            taken: pkg.names().iter().map(|n| key(n)).collect(),
            ..Output::default()
        }
    }

    pub fn edit(&mut self, part: &str, bytes: impl Into<Vec<u8>>) {
        self.edited.insert(key(part), bytes.into());
    }

    /// Add a new part (or replace one added before).
    pub fn add(&mut self, part: &str, bytes: impl Into<Vec<u8>>) {
        let bytes = bytes.into();
        self.taken.insert(key(part));
        match self.added.iter_mut().find(|(n, _)| key(n) == key(part)) {
            Some(slot) => slot.1 = bytes,
            None => self.added.push((part.to_string(), bytes)),
        }
    }

    /// `{dir}/{stem}.{ext}` if no part uses it (some readers, openpyxl
    /// among them, look for `xl/styles.xml` by name), else a fresh name.
    pub fn plain_or_fresh_name(&mut self, dir: &str, stem: &str, ext: &str) -> String {
        let dir = dir.trim_matches('/');
        let name = if dir.is_empty() {
            format!("{stem}.{ext}")
        } else {
            format!("{dir}/{stem}.{ext}")
        };
        if self.taken.insert(key(&name)) {
            return name;
        }
        self.fresh_name(dir, stem, ext)
    }

    /// A part name `{dir}/{stem}{n}.{ext}` that no part uses, reserved.
    pub fn fresh_name(&mut self, dir: &str, stem: &str, ext: &str) -> String {
        let dir = dir.trim_matches('/');
        for n in 1.. {
            let name = if dir.is_empty() {
                format!("{stem}{n}.{ext}")
            } else {
                format!("{dir}/{stem}{n}.{ext}")
            };
            if self.taken.insert(key(&name)) {
                return name;
            }
        }
        unreachable!("an unbounded range always yields a free name")
    }

    /// Write the package: every entry of `pkg` in its order, raw-copied
    /// unless edited, then the new parts.
    pub fn write(mut self, pkg: &mut Package<'_>) -> Result<Vec<u8>, PatchError> {
        let fail = |_| PatchError::new("写出压缩包失败");
        let mut out = ZipWriter::new(Cursor::new(Vec::new()));
        // Fastest deflate, as the rebuilt copy uses; parts under 4 KB are
        // stored: setting up a deflate stream costs more than they save.
        let deflated = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(1));
        let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
        let options = |bytes: &[u8]| if bytes.len() < 4096 { stored } else { deflated };
        for i in 0..pkg.names.len() {
            let name = pkg.names[i].clone();
            if let Some(bytes) = self.edited.remove(&key(&name)) {
                out.start_file(name.as_str(), options(&bytes))
                    .map_err(fail)?;
                out.write_all(&bytes)
                    .map_err(|_| PatchError::new("写出压缩包失败"))?;
            } else {
                let entry = pkg
                    .zip
                    .by_index_raw(i)
                    .map_err(|_| PatchError::new(format!("部件 {name} 无法读取")))?;
                out.raw_copy_file(entry).map_err(fail)?;
            }
        }
        if let Some(k) = self.edited.keys().next() {
            return Err(PatchError::new(format!(
                "内部错误：要修改的部件 {k} 不存在"
            )));
        }
        for (name, bytes) in &self.added {
            out.start_file(name.as_str(), options(bytes))
                .map_err(fail)?;
            out.write_all(bytes)
                .map_err(|_| PatchError::new("写出压缩包失败"))?;
        }
        Ok(out.finish().map_err(fail)?.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_search_stops_at_the_cells_and_spans_chunks() {
        // A needle across the 16 KB chunk boundary, one after the stop, and
        // a BOM dropped by `text`.
        let pad = "x".repeat(16 * 1024 - 10);
        let across = format!("\u{FEFF}<a>{pad}tabSelected<sheetData/>");
        let after = format!("<a>{pad}{pad}<sheetData/>tabSelected");
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, text) in [("a.xml", &across), ("b.xml", &after)] {
            z.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            z.write_all(text.as_bytes()).unwrap();
        }
        let bytes = z.finish().unwrap().into_inner();
        let mut pkg = Package::open(&bytes, &Limits::default()).unwrap();
        assert!(pkg
            .head_contains("a.xml", b"tabSelected", b"sheetData")
            .unwrap());
        assert!(!pkg
            .head_contains("b.xml", b"tabSelected", b"sheetData")
            .unwrap());
        assert!(pkg
            .head_contains("b.xml", b"tabSelected", b"nowhere")
            .unwrap());
        assert!(!pkg
            .head_contains("c.xml", b"tabSelected", b"sheetData")
            .unwrap());
        assert!(pkg.text("a.xml").unwrap().unwrap().starts_with("<a>"));
    }

    #[test]
    fn targets_resolve_relative_absolute_and_dotted() {
        assert_eq!(
            resolve("xl/workbook.xml", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/workbook.xml", "/xl/worksheets/Sheet1.xml"),
            "xl/worksheets/Sheet1.xml"
        );
        assert_eq!(
            resolve("xl/worksheets/sheet1.xml", "../comments1.xml"),
            "xl/comments1.xml"
        );
        assert_eq!(
            resolve("xl/worksheets/sheet1.xml", "./../drawings/./a%20b.vml"),
            "xl/drawings/a b.vml"
        );
        assert_eq!(resolve("", "xl/workbook.xml"), "xl/workbook.xml");
        assert_eq!(resolve("xl/workbook.xml", "..\\..\\..\\x.xml"), "x.xml");
    }

    #[test]
    fn relative_targets_climb_to_the_common_folder() {
        assert_eq!(
            relative("xl/worksheets/sheet1.xml", "xl/comments1.xml"),
            "../comments1.xml"
        );
        assert_eq!(
            relative("xl/worksheets/sheet1.xml", "xl/drawings/vmlDrawing1.vml"),
            "../drawings/vmlDrawing1.vml"
        );
        assert_eq!(
            relative("xl/workbook.xml", "xl/worksheets/sheet3.xml"),
            "worksheets/sheet3.xml"
        );
        assert_eq!(relative("xl/workbook.xml", "xl/styles.xml"), "styles.xml");
        for (src, part) in [
            ("a/b/c.xml", "a/d/e.xml"),
            ("x.xml", "a/b.xml"),
            ("a/b.xml", "c.xml"),
        ] {
            assert_eq!(resolve(src, &relative(src, part)), part);
        }
    }

    #[test]
    fn rels_path_sits_beside_the_part() {
        assert_eq!(
            rels_path("xl/worksheets/sheet1.xml"),
            "xl/worksheets/_rels/sheet1.xml.rels"
        );
        assert_eq!(rels_path("/xl/workbook.xml"), "xl/_rels/workbook.xml.rels");
    }

    #[test]
    fn relationships_are_appended_or_created() {
        let new = vec![(
            "rId2".to_string(),
            REL_COMMENTS,
            "../c.xml".to_string(),
            false,
        )];
        let xml = add_rels(Some("<Relationships xmlns=\"x\"><Relationship Id=\"rId1\" Type=\"t\" Target=\"a\"/></Relationships>"), &new).unwrap();
        let rels = parse_rels(Some(&xml)).unwrap();
        assert_eq!(rels.len(), 2);
        assert_eq!(rels[1].target, "../c.xml");
        let xml = add_rels(Some("<Relationships xmlns=\"x\"/>"), &new).unwrap();
        assert_eq!(parse_rels(Some(&xml)).unwrap().len(), 1);
        let xml = add_rels(None, &new).unwrap();
        assert_eq!(parse_rels(Some(&xml)).unwrap()[0].id, "rId2");
        let mut ids = RelIds::new(&parse_rels(Some(&xml)).unwrap());
        assert_eq!(ids.fresh(), "rId1");
        assert_eq!(ids.fresh(), "rId3");
    }
}
