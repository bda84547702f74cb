//! The OPC package around a Word document: sniff what the bytes are, guard
//! the zip before inflating, find parts through relationships, and read a
//! part within the per-part limit.

use super::DocxError;
use crate::workbook::{guard, Limits};
use quick_xml::events::Event;
use std::io::{Cursor, Read};

/// WordprocessingML main namespace, transitional and strict.
pub(crate) const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub(crate) const W_NS_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";

/// Relationship type suffixes (the prefix differs between transitional
/// `http://schemas.openxmlformats.org/officeDocument/2006/relationships/`
/// and strict `http://purl.oclc.org/ooxml/officeDocument/relationships/`).
pub(crate) const REL_OFFICE_DOCUMENT: &str = "/officeDocument";
pub(crate) const REL_NUMBERING: &str = "/numbering";
pub(crate) const REL_STYLES: &str = "/styles";
pub(crate) const REL_COMMENTS: &str = "/comments";

fn corrupt() -> DocxError {
    DocxError::Corrupt(
        "文件已损坏（压缩包结构不完整，可能下载或复制不完整），请重新获取文件".into(),
    )
}

/// An opened, guarded package.
pub(crate) struct Package<'a> {
    pub zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    part_limit: u64,
}

impl<'a> Package<'a> {
    /// Sniff, guard and open. Every refusal says what the file is and how
    /// to make it checkable.
    pub fn open(bytes: &'a [u8], limits: &Limits) -> Result<Self, DocxError> {
        sniff(bytes)?;
        if bytes.len() as u64 > limits.max_file_bytes {
            return Err(DocxError::Limit(format!(
                "文件过大（{} MB，上限 {} MB）",
                bytes.len() / (1024 * 1024),
                limits.max_file_bytes / (1024 * 1024)
            )));
        }
        guard::check_zip(bytes, limits)?;
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| corrupt())?;
        let mut pkg = Package {
            zip,
            part_limit: limits.part_limit(),
        };
        pkg.refuse_other_kinds()?;
        Ok(pkg)
    }

    /// Open bytes already read (and guarded) once, to patch them.
    pub fn reopen(bytes: &'a [u8]) -> Result<Self, DocxError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| corrupt())?;
        Ok(Package {
            zip,
            part_limit: Limits::default().part_limit(),
        })
    }

    /// The entry name as stored for a part name matched case-insensitively.
    pub fn zip_name(&self, name: &str) -> String {
        self.index(name)
            .and_then(|i| self.zip.name_for_index(i))
            .and_then(|n| n.ok().map(|n| n.into_owned()))
            .unwrap_or_else(|| name.to_string())
    }

    /// A zip that is an Excel, PowerPoint or OpenDocument file.
    fn refuse_other_kinds(&mut self) -> Result<(), DocxError> {
        if self.index("word/document.xml").is_some() || self.index("_rels/.rels").is_some() {
            if self.index("xl/workbook.xml").is_some() {
                return Err(DocxError::NotDocx(
                    "这是 Excel 工作簿（.xlsx），不是 Word 文档".into(),
                ));
            }
            if self.index("ppt/presentation.xml").is_some() {
                return Err(DocxError::NotDocx(
                    "这是 PowerPoint 演示文稿（.pptx），不是 Word 文档".into(),
                ));
            }
            return Ok(());
        }
        let mimetype = self.read("mimetype").ok().flatten().unwrap_or_default();
        if mimetype.starts_with(b"application/vnd.oasis.opendocument.text") {
            return Err(DocxError::NotDocx(
                "这是 OpenDocument 文本（.odt），请用 Word 或 WPS 另存为 .docx 后再检查".into(),
            ));
        }
        Err(DocxError::NotDocx(
            "这是一个压缩包，不是 Word 文档（.docx）".into(),
        ))
    }

    /// Index of a zip entry, matching names as OPC does (case-insensitive).
    pub fn index(&self, name: &str) -> Option<usize> {
        if let Some(i) = self.zip.index_for_name(name) {
            return Some(i);
        }
        let wanted = name.to_ascii_lowercase();
        (0..self.zip.len()).find(|&i| {
            self.zip
                .name_for_index(i)
                .is_some_and(|n| n.ok().is_some_and(|n| n.to_ascii_lowercase() == wanted))
        })
    }

    /// The uncompressed bytes of a part, or None when the package lacks it.
    /// The zip guard has bounded declared sizes; `take` bounds a lying one.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, DocxError> {
        let Some(i) = self.index(name) else {
            return Ok(None);
        };
        let limit = self.part_limit;
        let mut entry = self.zip.by_index(i).map_err(|_| corrupt())?;
        let mut out = Vec::with_capacity(entry.size().min(limit) as usize);
        (&mut entry)
            .take(limit + 1)
            .read_to_end(&mut out)
            .map_err(|_| {
                DocxError::Corrupt(format!(
                    "文件已损坏：部件 {name} 无法解压，请用 Word 或 WPS 打开后另存为 .docx 再检查"
                ))
            })?;
        if out.len() as u64 > limit {
            return Err(DocxError::Limit(format!(
                "文件过大：部件 {name} 解压后超过单个部件上限 {} MB，已拒绝读取",
                limit / (1024 * 1024)
            )));
        }
        Ok(Some(out))
    }

    /// The main document part, found through the package relationships
    /// (so a renamed part or a .docm works); `word/document.xml` when the
    /// package has no usable relationship.
    pub fn main_part(&mut self) -> Result<String, DocxError> {
        let rels = self.read("_rels/.rels")?.unwrap_or_default();
        let target = parse_rels(&rels)
            .into_iter()
            .find(|r| r.kind.ends_with(REL_OFFICE_DOCUMENT) && !r.external)
            .map(|r| resolve_target("", &r.target));
        let name = match target {
            Some(t) if self.index(&t).is_some() => self.zip_name(&t),
            _ => self.zip_name("word/document.xml"),
        };
        if self.index(&name).is_none() {
            return Err(DocxError::NotDocx(
                "不是有效的 Word 文档：找不到正文部件（word/document.xml）".into(),
            ));
        }
        Ok(name)
    }

    /// The part a relationship of `kind` (a type suffix) from `source`
    /// points at, if the package has it.
    pub fn related(&mut self, source: &str, kind: &str) -> Result<Option<String>, DocxError> {
        let Some(rels) = self.read(&rels_name(source))? else {
            return Ok(None);
        };
        Ok(parse_rels(&rels)
            .into_iter()
            .find(|r| r.kind.ends_with(kind) && !r.external)
            .map(|r| resolve_target(source, &r.target))
            .filter(|t| self.index(t).is_some())
            .map(|t| self.zip_name(&t)))
    }
}

/// Refuse what is not a zip, naming what it is: a binary .doc, an encrypted
/// package, a PDF, RTF, a web page or Word 2003 XML saved with a .doc name.
fn sniff(bytes: &[u8]) -> Result<(), DocxError> {
    if bytes.is_empty() {
        return Err(DocxError::NotDocx(
            "文件为空（0 字节），请重新获取文件".into(),
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Ok(());
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        let cfb = cfb::CompoundFile::open(Cursor::new(bytes));
        return Err(match cfb {
            Ok(c) if c.is_stream("/EncryptedPackage") || c.is_stream("/EncryptionInfo") => {
                DocxError::Encrypted
            }
            Ok(c) if c.is_stream("/WordDocument") => DocxError::DocBinary,
            Ok(c) if c.is_stream("/Workbook") || c.is_stream("/Book") => DocxError::NotDocx(
                "这是 Excel 97-2003 工作簿（.xls），不是 Word 文档".into(),
            ),
            _ => DocxError::NotDocx(
                "这是 Office 97-2003 复合文档，不是 Word 文档（.docx）；请用 Word 或 WPS 另存为 .docx 后再检查"
                    .into(),
            ),
        });
    }
    if bytes.starts_with(b"%PDF") {
        return Err(DocxError::NotDocx(
            "这是 PDF 文件，不是 Word 文档；请提供原始的 .docx 文件".into(),
        ));
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let head = head.trim_start_matches('\u{feff}').trim_start();
    let what = if head.starts_with("{\\rtf") {
        "RTF 文档"
    } else if head.contains("schemas.microsoft.com/office/word/2003/wordml") {
        "Word 2003 XML 文档"
    } else if head.starts_with("mime-version:") || head.contains("content-type: multipart/related")
    {
        "单个文件网页（MHTML）"
    } else if head.starts_with("<!doctype html") || head.starts_with("<html") {
        "网页（HTML）文件"
    } else {
        return Err(DocxError::NotDocx(
            "不是有效的 Word 文档（无法识别的文件格式），请用 Word 或 WPS 另存为 .docx 后再检查"
                .into(),
        ));
    };
    Err(DocxError::NotDocx(format!(
        "这是{what}，不是 .docx；请用 Word 或 WPS 打开后另存为 .docx 再检查"
    )))
}

/// One `<Relationship>`.
#[derive(Debug, Clone)]
pub(crate) struct Relationship {
    pub id: String,
    pub kind: String,
    pub target: String,
    pub external: bool,
}

/// The relationships of a `.rels` part; malformed entries are skipped.
pub(crate) fn parse_rels(xml: &[u8]) -> Vec<Relationship> {
    let mut out = Vec::new();
    let mut reader = quick_xml::Reader::from_reader(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let mut rel = Relationship {
                    id: String::new(),
                    kind: String::new(),
                    target: String::new(),
                    external: false,
                };
                for a in e.attributes().flatten() {
                    let value = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map(|v| v.into_owned())
                        .unwrap_or_default();
                    match a.key.local_name().as_ref() {
                        "Id" => rel.id = value,
                        "Type" => rel.kind = value,
                        "Target" => rel.target = value,
                        "TargetMode" => rel.external = value.eq_ignore_ascii_case("external"),
                        _ => {}
                    }
                }
                out.push(rel);
                if out.len() >= 100_000 {
                    break;
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// `word/document.xml` → `word/_rels/document.xml.rels`; "" → `_rels/.rels`.
pub(crate) fn rels_name(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// A relationship target as a zip entry name: relative to the source
/// part's folder, or absolute from the package root; `..` and `.` resolved.
pub(crate) fn resolve_target(source: &str, target: &str) -> String {
    let target = target.replace('\\', "/");
    let mut parts: Vec<&str> = Vec::new();
    if !target.starts_with('/') {
        if let Some((dir, _)) = source.rsplit_once('/') {
            parts.extend(dir.split('/').filter(|s| !s.is_empty()));
        }
    }
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// `target` as a relationship from `source` would write it: relative to
/// the source part's folder when it lies inside it.
pub(crate) fn relative_target(source: &str, part: &str) -> String {
    match source.rsplit_once('/') {
        Some((dir, _)) => part
            .strip_prefix(&format!("{dir}/"))
            .map_or_else(|| format!("/{part}"), str::to_string),
        None => part.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_relative_to_the_source_part() {
        assert_eq!(
            resolve_target("word/document.xml", "comments.xml"),
            "word/comments.xml"
        );
        assert_eq!(
            resolve_target("word/document.xml", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(resolve_target("", "word/document.xml"), "word/document.xml");
        assert_eq!(
            resolve_target("", "/word/document.xml"),
            "word/document.xml"
        );
        assert_eq!(resolve_target("x/doc.xml", "/a/b.xml"), "a/b.xml");
        assert_eq!(
            rels_name("word/document.xml"),
            "word/_rels/document.xml.rels"
        );
        assert_eq!(
            relative_target("word/document.xml", "word/comments.xml"),
            "comments.xml"
        );
        assert_eq!(
            relative_target("word/document.xml", "other/c.xml"),
            "/other/c.xml"
        );
    }

    #[test]
    fn non_zip_inputs_are_named() {
        let msg = |b: &[u8]| sniff(b).unwrap_err().to_string();
        assert!(msg(b"%PDF-1.4").contains("PDF"));
        assert!(msg(b"{\\rtf1\\ansi").contains("RTF"));
        assert!(msg(b"MIME-Version: 1.0\r\n").contains("MHTML"));
        assert!(msg(b"").contains("文件为空"));
        assert!(msg(b"hello").contains("无法识别"));
    }
}
