//! Why a file could not be read, as a typed value: callers and tests match
//! the variant; users read the Chinese `Display`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What a file turned out to be when it is not a workbook shenbiao reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Disguise {
    Xlsb,
    Docx,
    Pptx,
    Zip,
    Doc,
    Ppt,
    OfficeCompound,
    Pdf,
    SpreadsheetMl,
    Mhtml,
    Html,
    Text,
    Unknown,
}

/// Which part of a container is broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Corruption {
    /// The zip structure is incomplete (a truncated download).
    TruncatedZip,
    /// The zip directory cannot be read.
    ZipDirectory,
    /// The Excel 97-2003 compound file cannot be read.
    CompoundFile,
    /// The workbook stream inside it cannot be read.
    WorkbookStream,
    /// An ODS package without content.xml.
    OdsContent,
}

/// A container whose declared sizes would cost more than the limits allow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Bomb {
    Entries(usize),
    Part {
        name: String,
        mb: u64,
        limit_mb: u64,
    },
    Ratio {
        name: String,
        ratio: u64,
    },
    Total {
        mb: u64,
        limit_mb: u64,
    },
    /// A part inflated past the size it declared.
    SizeMismatch,
    /// The BIFF stream of an xls.
    WorkbookStream {
        mb: u64,
        limit_mb: u64,
    },
}

/// A number stored in the file that would make the parser allocate far
/// more than the file could hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Forgery {
    SharedStrings { declared: u64 },
    Dimensions { sheet: String, rows: u64, cols: u64 },
    SheetCount,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OpenError {
    Empty,
    NotFound,
    /// No permission, or another program (Excel) holds the file.
    NoPermission,
    Io(String),
    IsDirectory,
    /// The file is larger than the limit (`bytes` when known).
    TooLarge {
        bytes: Option<u64>,
        limit: u64,
    },
    Corrupt(Corruption),
    Disguised(Disguise),
    Encrypted,
    ZipBomb(Bomb),
    Forged(Forgery),
    /// A sheet whose dense grid (xls/ods) exceeds the limit.
    SheetTooLarge {
        sheet: String,
        range: Option<String>,
        cells: u64,
        limit: u64,
    },
    /// All sheets' dense grids together exceed the limit.
    WorkbookTooLarge {
        cells: u64,
        limit: u64,
    },
    /// More non-empty cells than `--max-cells`.
    TooManyCells {
        limit: u64,
    },
    /// More cell and formula text than [`super::Limits::max_text_bytes`]
    /// once shared strings and shared formulas are copied into each cell.
    TextTooLarge {
        limit_mb: u64,
    },
    /// The parser failed on this file (a contained panic); `file` is its name.
    ParseFailed {
        file: Option<String>,
    },
    /// The parser refused the file with this message.
    Unsupported(String),
    /// A Word document the docx reader refused; the message (Chinese) says
    /// why and how to make it checkable.
    Document(String),
}

const RESAVE: &str = "请用 Excel 或 WPS 打开后另存为 .xlsx 再检查";
const MB: u64 = 1024 * 1024;

impl fmt::Display for Disguise {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Disguise::Xlsb => {
                f.write_str("暂不支持 .xlsb 二进制工作簿，请在 Excel 中另存为 .xlsx 后再检查")
            }
            Disguise::Docx => f.write_str("这是一个Word 文档（.docx），不是 Excel 工作簿"),
            Disguise::Pptx => f.write_str("这是一个PowerPoint 演示文稿（.pptx），不是 Excel 工作簿"),
            Disguise::Zip => f.write_str("这是一个压缩包（如 .zip），不是 Excel 工作簿"),
            Disguise::Doc => f.write_str(crate::docx::DOC_BINARY),
            Disguise::Ppt => f.write_str("这是一个PowerPoint 演示文稿（.ppt），不是 Excel 工作簿"),
            Disguise::OfficeCompound => f.write_str("这是一个Office 复合文档，不是 Excel 工作簿"),
            Disguise::Pdf => f.write_str("这是 PDF 文件，不是 Excel 工作簿；请提供原始的 Excel 文件"),
            Disguise::SpreadsheetMl => write!(
                f,
                "这是 Excel 2003 XML 表格（SpreadsheetML），不是真正的 Excel 文件；{RESAVE}"
            ),
            Disguise::Mhtml => write!(
                f,
                "这是单个文件网页（MHTML），只是扩展名为 .xls；{RESAVE}"
            ),
            Disguise::Html => write!(f, "这是网页（HTML）文件，只是扩展名为 .xls；{RESAVE}"),
            Disguise::Text => write!(
                f,
                "这是纯文本文件（如 CSV 或制表符分隔文本），不是 Excel 工作簿；{RESAVE}"
            ),
            Disguise::Unknown => write!(
                f,
                "不是有效的 Excel 文件（无法识别的文件格式），请用 Excel 或 WPS 另存为 .xlsx 后再检查"
            ),
        }
    }
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpenError::Empty => f.write_str("文件为空（0 字节），请重新获取文件"),
            OpenError::NotFound => f.write_str("文件不存在"),
            OpenError::NoPermission => {
                f.write_str("无法读取文件：没有权限，或文件正被其他程序（如 Excel）独占打开")
            }
            OpenError::Io(e) => write!(f, "无法读取文件：{e}"),
            OpenError::IsDirectory => f.write_str("这是一个文件夹，不是文件"),
            OpenError::TooLarge {
                bytes: Some(b),
                limit,
            } => write!(f, "文件过大（{} MB，上限 {} MB）", b / MB, limit / MB),
            OpenError::TooLarge { bytes: None, limit } => {
                write!(f, "文件过大（超过上限 {} MB）", limit / MB)
            }
            OpenError::Corrupt(c) => f.write_str(match c {
                Corruption::TruncatedZip => {
                    "文件已损坏（压缩包结构不完整，可能下载或复制不完整），请重新获取文件"
                }
                Corruption::ZipDirectory => "文件已损坏（压缩包目录无法读取），请重新获取文件",
                Corruption::CompoundFile => {
                    "文件已损坏（Excel 97-2003 文件结构无法读取），请用 Excel 或 WPS 打开后另存为 .xlsx 再检查"
                }
                Corruption::WorkbookStream => "文件已损坏（工作簿数据无法读取），请重新获取文件",
                Corruption::OdsContent => "文件已损坏（ODS 表格缺少 content.xml），请重新获取文件",
            }),
            OpenError::Disguised(d) => d.fmt(f),
            OpenError::Encrypted => f.write_str("文件已加密，请另存为未加密的文件后再检查"),
            OpenError::ZipBomb(b) => match b {
                Bomb::Entries(n) => write!(
                    f,
                    "文件异常：压缩包内有 {n} 个部件，远多于正常工作簿，已拒绝读取"
                ),
                Bomb::Part { name, mb, limit_mb } => write!(
                    f,
                    "文件过大：部件 {name} 解压后约 {mb} MB，超过单个部件上限 {limit_mb} MB，疑似压缩炸弹，已拒绝读取"
                ),
                Bomb::Ratio { name, ratio } => write!(
                    f,
                    "文件异常：部件 {name} 压缩比过高（{ratio}:1），疑似压缩炸弹，已拒绝读取"
                ),
                Bomb::Total { mb, limit_mb } => write!(
                    f,
                    "文件过大：解压后约 {mb} MB，超过上限 {limit_mb} MB（可用 --max-uncompressed-mb 调整）"
                ),
                Bomb::SizeMismatch => f.write_str(
                    "文件异常：压缩包内某部件解压后的大小与其声明不符，疑似压缩炸弹或文件损坏，已拒绝读取",
                ),
                Bomb::WorkbookStream { mb, limit_mb } => write!(
                    f,
                    "文件过大：工作簿数据约 {mb} MB，超过上限 {limit_mb} MB"
                ),
            },
            OpenError::Forged(x) => match x {
                Forgery::SharedStrings { declared } => write!(
                    f,
                    "文件结构异常：共享字符串表声明有 {declared} 项，与其实际大小不符，已拒绝读取；{RESAVE}"
                ),
                Forgery::Dimensions { sheet, rows, cols } => write!(
                    f,
                    "文件结构异常：工作表“{sheet}”声明的范围不合理（{rows} 行 × {cols} 列），已拒绝读取；{RESAVE}"
                ),
                Forgery::SheetCount => f.write_str("文件结构异常：工作表数量异常，已拒绝读取"),
            },
            OpenError::SheetTooLarge {
                sheet,
                range: Some(range),
                cells,
                limit,
            } => write!(
                f,
                "工作表“{sheet}”的使用范围过大（{range}，约 {cells} 个单元格，上限 {limit}），可能有远处的零散单元格；请删除多余的行列，或用 Excel/WPS 另存为 .xlsx 后再检查"
            ),
            OpenError::SheetTooLarge {
                sheet,
                range: None,
                cells,
                limit,
            } => write!(
                f,
                "工作表“{sheet}”的使用范围过大（约 {cells} 个单元格，上限 {limit}），可能有远处的零散单元格或大量重复行列；请删除多余的行列，或另存为 .xlsx 后再检查"
            ),
            OpenError::WorkbookTooLarge { cells, limit } => write!(
                f,
                "工作簿过大：各工作表使用范围合计约 {cells} 个单元格，超过上限 {limit}；请删除多余的行列，或另存为 .xlsx 后再检查"
            ),
            OpenError::TooManyCells { limit } => write!(
                f,
                "工作表过大：非空单元格超过 {limit} 个（可用 --max-cells 调整）"
            ),
            OpenError::TextTooLarge { limit_mb } => write!(
                f,
                "文件结构异常：单元格文字和公式展开后合计超过 {limit_mb} MB（同一段长文字或长公式被大量单元格引用），已拒绝读取（可用 --max-text-mb 调整）"
            ),
            OpenError::ParseFailed { file: Some(name) } => write!(
                f,
                "文件解析失败：{name}（文件结构异常，读取时出错），{RESAVE}"
            ),
            OpenError::ParseFailed { file: None } => {
                write!(f, "文件解析失败（文件结构异常，读取时出错），{RESAVE}")
            }
            OpenError::Document(text) => f.write_str(text),
            OpenError::Unsupported(text) => write!(
                f,
                "文件已损坏或格式不受支持，无法解析（{text}）；{RESAVE}"
            ),
        }
    }
}

impl std::error::Error for OpenError {}

impl OpenError {
    /// The error for an I/O failure while reading the input.
    pub fn io(e: &std::io::Error) -> OpenError {
        match e.kind() {
            std::io::ErrorKind::NotFound => OpenError::NotFound,
            std::io::ErrorKind::PermissionDenied => OpenError::NoPermission,
            _ => OpenError::Io(e.to_string()),
        }
    }

    pub(crate) fn mb(bytes: u64) -> u64 {
        bytes / MB
    }
}
