//! What a rebuilt copy carries over from its input, said on 审核结果.
//!
//! Why: a rebuilt copy (.xls, .ods, or an .xlsx the patcher refused) is
//! made from what was read, so it silently lacks whatever the reader cannot
//! see. The reviewer must be told, per format, exactly what is kept and what
//! is not — never that something was kept when it was not — and how to get
//! a faithful copy (re-save as .xlsx, which patch mode annotates in place).

use crate::workbook::Format;

/// Lost by every rebuilt copy: the reader never sees these.
const NEVER_READ: &str = "原有批注、图片和图表、超链接、数据有效性、条件格式、定义的名称、打印区域和打印标题、分页符、冻结窗格、工作表保护、宏（VBA）";

/// What styles and layout a rebuilt .xls/.ods loses (they are not read).
const NO_STYLES: &str = "字体、边框、底色、数字格式（百分比、日期等显示为原始数值，如 100% 显示为 1）、竖排文字、列宽行高、隐藏的行列、纸张方向和缩放";

const ADVICE: &str = "如需保留原样，请在 Excel 或 WPS 中把原文件另存为“Excel 工作簿（*.xlsx）”后重新检查：.xlsx 文件会在原文件上直接标注，原有内容一概保留。";

/// The 审核结果 note of a copy rebuilt from a workbook of `format`.
pub fn rebuild_note(format: Format) -> String {
    match format {
        Format::Xlsx => format!(
            "此副本未能在原文件上直接标注，按读取到的内容重建：保留了数值、公式、合并单元格、字体、边框、底色、数字格式、竖排文字、列宽行高、隐藏的行列和工作表，以及纸张方向、大小、缩放和页边距；未能保留{NEVER_READ}。{ADVICE}"
        ),
        Format::Xls => format!(
            "原文件是 .xls 格式，此副本按读取到的内容重建：保留了数值、公式、合并单元格和隐藏的工作表；未能保留{NO_STYLES}，以及{NEVER_READ}。{ADVICE}"
        ),
        Format::Ods => format!(
            "原文件是 .ods 格式，此副本按读取到的内容重建：保留了数值和隐藏的工作表，公式只保留计算结果（OpenDocument 公式不能直接用于 Excel）；未能保留合并单元格、{NO_STYLES}，以及{NEVER_READ}。{ADVICE}"
        ),
        // A Word document is annotated in its own file, never rebuilt.
        Format::Docx => "原文件是 Word 文档，标注直接加在原文档上（批注与文末的审核结果）。".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ods_copy_never_claims_merges_or_formulas() {
        let ods = rebuild_note(Format::Ods);
        let (kept, lost) = ods.split_once("未能保留").unwrap();
        assert!(!kept.contains("合并单元格"), "{ods}");
        assert!(
            lost.contains("合并单元格") && lost.contains("批注"),
            "{ods}"
        );
        assert!(kept.contains("公式只保留计算结果"), "{ods}");
        assert!(ods.contains("另存为"));
        let xls = rebuild_note(Format::Xls);
        let (kept, lost) = xls.split_once("未能保留").unwrap();
        assert!(
            kept.contains("合并单元格") && !kept.contains("字体"),
            "{xls}"
        );
        assert!(lost.contains("100% 显示为 1") && lost.contains("数据有效性"));
        let xlsx = rebuild_note(Format::Xlsx);
        let (kept, lost) = xlsx.split_once("未能保留").unwrap();
        assert!(kept.contains("字体") && !kept.contains("批注"), "{xlsx}");
        assert!(lost.contains("批注") && lost.contains("打印区域"), "{xlsx}");
    }
}
