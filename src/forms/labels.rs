//! Label matching shared by every form detector: forms rename, pad, wrap and
//! full-width their labels ("其中：当年财政拨款　", "年度\n指标值",
//! "产出指标（50分）"), so labels are compared in a normalised form.

/// Lower-noise form of a label: half-width, no whitespace or line breaks,
/// no trailing colon.
pub fn norm(s: &str) -> String {
    // One pass, one allocation: detectors call this for nearly every cell.
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = half_width_char(c);
        if !c.is_whitespace() {
            out.push(c);
        }
    }
    let kept = out.trim_end_matches([':', '：']).len();
    out.truncate(kept);
    out
}

/// [`crate::workbook::number::to_half_width`] for one character (keep in step).
fn half_width_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3002}' => '.',
        _ => c,
    }
}

/// True when the normalised label contains any of `needles`.
pub fn has_any(label: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| label.contains(n))
}

/// Points written in a label: "产出指标（50分）" / "(50)" / "50分" → 50.
pub fn points_in_label(label: &str) -> Option<rust_decimal::Decimal> {
    let s = norm(label);
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let digits: String = s[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let rest = &s[start + digits.len()..];
    let before = &s[..start];
    let bracketed = before.ends_with('(') || before.ends_with('（');
    if !(bracketed || rest.starts_with('分')) {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn normalises_spacing_width_and_colons() {
        assert_eq!(norm("其中：当年财政拨款　"), "其中:当年财政拨款");
        assert_eq!(norm("年度\n指标值"), "年度指标值");
        assert_eq!(norm("年度资金总额："), "年度资金总额");
        assert_eq!(norm("全年预算数（A）"), "全年预算数(A)");
    }

    #[test]
    fn points_from_labels() {
        for (label, pts) in [
            ("产出指标（50）", 50),
            ("产出指标\n\n(50分)", 50),
            ("效益指标50分", 50),
            ("满意度\n指标\n（10分）", 10),
            ("可持续影响指标(10分)", 10),
        ] {
            assert_eq!(points_in_label(label), Some(Decimal::from(pts)), "{label}");
        }
        assert_eq!(points_in_label("产出指标"), None);
        assert_eq!(points_in_label("12345市长热线"), None);
    }
}
