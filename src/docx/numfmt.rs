//! List numbers as Word draws them for each `w:numFmt` (ST_NumberFormat):
//! 一 二 三 for chineseCounting, 甲 乙 丙 for ideographTraditional, ① ② for
//! decimalEnclosedCircle, and so on. Unknown formats fall back to decimal,
//! as Word does.

/// The text of counter `n` in format `fmt`.
pub(crate) fn format_number(n: i64, fmt: &str) -> String {
    match fmt {
        "none" | "bullet" => String::new(),
        "decimalZero" if (0..10).contains(&n) => format!("0{n}"),
        "upperRoman" => roman(n).unwrap_or_else(|| n.to_string()),
        "lowerRoman" => roman(n).map_or_else(|| n.to_string(), |s| s.to_lowercase()),
        "upperLetter" => letters(n, b'A').unwrap_or_else(|| n.to_string()),
        "lowerLetter" => letters(n, b'a').unwrap_or_else(|| n.to_string()),
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "japaneseCountingThousand"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => {
            chinese(n, &SIMPLE_DIGITS, &SIMPLE_UNITS).unwrap_or_else(|| n.to_string())
        }
        "chineseLegalSimplified" => {
            chinese(n, &LEGAL_DIGITS, &LEGAL_UNITS).unwrap_or_else(|| n.to_string())
        }
        "ideographLegalTraditional" => {
            chinese(n, &LEGAL_TRAD_DIGITS, &LEGAL_TRAD_UNITS).unwrap_or_else(|| n.to_string())
        }
        "ideographDigital" | "japaneseDigitalTenThousand" | "taiwaneseDigital" => {
            if n < 0 {
                n.to_string()
            } else {
                n.to_string()
                    .bytes()
                    .map(|b| SIMPLE_DIGITS[usize::from(b - b'0')])
                    .collect()
            }
        }
        "ideographTraditional" => cycle(n, &HEAVENLY_STEMS),
        "ideographZodiac" => cycle(n, &EARTHLY_BRANCHES),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => {
            enclosed(n, 1..=20, 0x2460).unwrap_or_else(|| n.to_string())
        }
        "decimalEnclosedParen" => enclosed(n, 1..=20, 0x2474).unwrap_or_else(|| n.to_string()),
        "decimalEnclosedFullstop" => enclosed(n, 1..=20, 0x2488).unwrap_or_else(|| n.to_string()),
        "ideographEnclosedCircle" => enclosed(n, 1..=10, 0x3220).unwrap_or_else(|| n.to_string()),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(u32::from(c) - 0x30 + 0xFF10).unwrap_or(c),
                '-' => '－',
                c => c,
            })
            .collect(),
        "ordinal" => format!("{n}{}", ordinal_suffix(n)),
        _ => n.to_string(),
    }
}

const SIMPLE_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const SIMPLE_UNITS: [char; 4] = ['十', '百', '千', '万'];
const LEGAL_DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const LEGAL_UNITS: [char; 4] = ['拾', '佰', '仟', '万'];
const LEGAL_TRAD_DIGITS: [char; 10] = ['零', '壹', '貳', '參', '肆', '伍', '陸', '柒', '捌', '玖'];
const LEGAL_TRAD_UNITS: [char; 4] = ['拾', '佰', '仟', '萬'];
const HEAVENLY_STEMS: [&str; 10] = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];
const EARTHLY_BRANCHES: [&str; 12] = [
    "子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥",
];

/// Chinese counting up to 99,999: 十一, 二十, 一百零五, 一千零一十.
/// A leading 一十 is written 十 (十一, not 一十一), as Word does.
fn chinese(n: i64, digits: &[char; 10], units: &[char; 4]) -> Option<String> {
    if !(0..100_000).contains(&n) {
        return None;
    }
    if n == 0 {
        return Some(digits[0].to_string());
    }
    let mut out = String::new();
    let mut pending_zero = false;
    // Units for 10^4, 10^3, 10^2, 10^1, 10^0.
    let places: [(i64, Option<char>); 5] = [
        (10_000, Some(units[3])),
        (1_000, Some(units[2])),
        (100, Some(units[1])),
        (10, Some(units[0])),
        (1, None),
    ];
    for (value, unit) in places {
        let d = (n / value) % 10;
        if d == 0 {
            if !out.is_empty() {
                pending_zero = true;
            }
            continue;
        }
        if pending_zero {
            // Inside a number a zero is read 零 (一百零五), even where the
            // digit alone is written 〇.
            out.push(if digits[0] == '〇' { '零' } else { digits[0] });
            pending_zero = false;
        }
        let leading_ten = out.is_empty() && value == 10 && d == 1;
        if !leading_ten {
            out.push(digits[d as usize]);
        }
        if let Some(u) = unit {
            out.push(u);
        }
    }
    Some(out)
}

fn roman(n: i64) -> Option<String> {
    if !(1..4000).contains(&n) {
        return None;
    }
    const TABLE: [(i64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut rest = n;
    let mut out = String::new();
    for (v, s) in TABLE {
        while rest >= v {
            out.push_str(s);
            rest -= v;
        }
    }
    Some(out)
}

/// Word's letter numbering repeats the letter: 26 → Z, 27 → AA, 28 → BB.
fn letters(n: i64, base: u8) -> Option<String> {
    if !(1..=780).contains(&n) {
        return None;
    }
    let idx = ((n - 1) % 26) as u8;
    let times = ((n - 1) / 26 + 1) as usize;
    Some(char::from(base + idx).to_string().repeat(times))
}

fn cycle(n: i64, symbols: &[&str]) -> String {
    if n < 1 {
        return n.to_string();
    }
    let len = symbols.len() as i64;
    symbols[((n - 1) % len) as usize].to_string()
}

fn enclosed(n: i64, range: std::ops::RangeInclusive<i64>, first: u32) -> Option<String> {
    if !range.contains(&n) {
        return None;
    }
    char::from_u32(first + (n - range.start()) as u32).map(String::from)
}

fn ordinal_suffix(n: i64) -> &'static str {
    match (n % 100, n % 10) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    }
}

#[cfg(test)]
mod tests {
    use super::format_number as f;

    #[test]
    fn chinese_counting_reads_as_written() {
        let cases = [
            (1, "一"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (21, "二十一"),
            (100, "一百"),
            (105, "一百零五"),
            (110, "一百一十"),
            (1010, "一千零一十"),
        ];
        for (n, want) in cases {
            assert_eq!(f(n, "chineseCounting"), want, "{n}");
        }
        assert_eq!(f(12, "chineseLegalSimplified"), "拾贰");
        assert_eq!(f(3, "ideographDigital"), "三");
        assert_eq!(f(10, "ideographDigital"), "一〇");
    }

    #[test]
    fn the_common_formats() {
        assert_eq!(f(3, "decimal"), "3");
        assert_eq!(f(3, "decimalZero"), "03");
        assert_eq!(f(14, "upperRoman"), "XIV");
        assert_eq!(f(4, "lowerRoman"), "iv");
        assert_eq!(f(2, "upperLetter"), "B");
        assert_eq!(f(28, "lowerLetter"), "bb");
        assert_eq!(f(2, "ideographTraditional"), "乙");
        assert_eq!(f(11, "ideographTraditional"), "甲");
        assert_eq!(f(1, "ideographZodiac"), "子");
        assert_eq!(f(1, "decimalEnclosedCircle"), "①");
        assert_eq!(f(20, "decimalEnclosedCircle"), "⑳");
        assert_eq!(f(21, "decimalEnclosedCircle"), "21");
        assert_eq!(f(2, "decimalEnclosedParen"), "⑵");
        assert_eq!(f(3, "ideographEnclosedCircle"), "㈢");
        assert_eq!(f(12, "decimalFullWidth"), "１２");
        assert_eq!(f(7, "somethingNew"), "7");
        assert_eq!(f(7, "none"), "");
        assert_eq!(f(-3, "chineseCounting"), "-3");
    }
}
