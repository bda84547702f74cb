//! Scoring schemes: the national rules of 财预〔2020〕10号 by default; local
//! variants (益阳, 天津, 岳阳) differ in weights, in whether the fund score
//! counts in 总分, and in bands.
//!
//! Schemes are data: `templates/schemes/*.toml`, embedded in the binary so
//! `--scheme NAME` works from any directory; `--scheme FILE` loads a user's
//! own file with the same fields.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// A rating band: a score ≥ `min` (lower bound inclusive) earns `name`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatingBand {
    pub name: String,
    /// Other spellings accepted on forms (优 ↔ 优秀).
    #[serde(default)]
    pub aliases: Vec<String>,
    pub min: Decimal,
}

/// One weighted 一级指标.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weight {
    pub name: String,
    pub points: Decimal,
}

/// A step of a banded score: a ratio ≥ `min` earns `share` of the points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareBand {
    pub min: Decimal,
    pub share: Decimal,
}

/// How the 预算执行率 score is computed from 执行率.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "method", rename_all = "snake_case", deny_unknown_fields)]
pub enum FundScore {
    /// 分值 × min(执行率, 100%).
    #[default]
    Proportional,
    /// 分值 × the share of the first band whose `min` the 执行率 reaches.
    Bands { bands: Vec<ShareBand> },
}

/// A 定性 completion phrase and the score-rate band it allows:
/// `min` inclusive, `max` exclusive except a `max` of 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualitativeBand {
    pub phrase: String,
    pub min: Decimal,
    pub max: Decimal,
}

/// Settings of a 项目支出绩效评价指标体系 (岳阳 附件3-2 style).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// 一级指标 weights (项目决策 20 / 项目管理 25 / 项目绩效 55).
    pub weights: Vec<Weight>,
    /// 服务对象满意度 score by 满意率, best band first.
    pub satisfaction_bands: Vec<ShareBand>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scheme {
    pub name: String,
    pub title: String,
    /// Where the settings come from (rules.md sources), for `shenbiao rules --scheme`.
    #[serde(default)]
    pub sources: Vec<String>,
    /// 一级指标 weights (产出 50, 效益 30, 满意度 10).
    pub weights: Vec<Weight>,
    /// Points of the 预算执行率 block.
    pub fund_points: Decimal,
    /// Whether the fund score is part of 总分.
    pub fund_in_total: bool,
    #[serde(default)]
    pub fund_score: FundScore,
    /// 定性 bands (达成 / 部分达成 / 未达成).
    pub qualitative: Vec<QualitativeBand>,
    /// Rating bands, best first.
    pub ratings: Vec<RatingBand>,
    /// Completion ratio at or above which an indicator is flagged as
    /// over-achieved (target possibly set too low).
    pub over_achievement_ratio: Decimal,
    /// Largest rounding band accepted for money identities (万元).
    pub rounding_cap: Decimal,
    /// The 评价指标体系 settings, for schemes that have one.
    #[serde(default)]
    pub framework: Option<Framework>,
}

impl Default for Scheme {
    fn default() -> Self {
        Scheme::national()
    }
}

fn d(v: i64) -> Decimal {
    Decimal::from(v)
}

/// The shipped schemes: (name, TOML text). `national` first.
pub const SHIPPED: &[(&str, &str)] = &[
    (
        "national",
        include_str!("../templates/schemes/national.toml"),
    ),
    (
        "hunan-yiyang",
        include_str!("../templates/schemes/hunan-yiyang.toml"),
    ),
    ("tianjin", include_str!("../templates/schemes/tianjin.toml")),
    (
        "hunan-yueyang",
        include_str!("../templates/schemes/hunan-yueyang.toml"),
    ),
];

/// Why a scheme could not be loaded, in Chinese, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemeError {
    pub message: String,
    /// 1-based line of a syntax or field error, when known.
    pub line: Option<usize>,
}

impl std::fmt::Display for SchemeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SchemeError {}

impl Scheme {
    /// 财预〔2020〕10号: 产出50/效益30/满意度10/预算执行率10, 总分 includes
    /// the fund score; 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below. Kept in code
    /// (equal to templates/schemes/national.toml, a test checks) so the
    /// default never depends on parsing.
    pub fn national() -> Self {
        let w = |name: &str, points| Weight {
            name: name.into(),
            points: d(points),
        };
        let band = |name: &str, aliases: &[&str], min| RatingBand {
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            min: d(min),
        };
        let q = |phrase: &str, min, max| QualitativeBand {
            phrase: phrase.into(),
            min: Decimal::new(min, 2),
            max: Decimal::new(max, 2),
        };
        Scheme {
            name: "national".into(),
            title: "全国（财预〔2020〕10号）".into(),
            sources: vec![
                "财政部《项目支出绩效评价管理办法》（财预〔2020〕10号）附件2 项目支出绩效自评表"
                    .into(),
                "财政部预算司评价等级 优 90–100、良 80–89、中 60–79、差 0–59".into(),
                "预算执行率 10 分与产出 50、效益 30、满意度 10 并列".into(),
            ],
            weights: vec![w("产出指标", 50), w("效益指标", 30), w("满意度指标", 10)],
            fund_points: d(10),
            fund_in_total: true,
            fund_score: FundScore::Proportional,
            qualitative: vec![
                q("达成预期指标", 80, 100),
                q("部分达成预期指标", 60, 80),
                q("未达成预期指标", 0, 60),
            ],
            ratings: vec![
                band("优", &["优秀"], 90),
                band("良", &["良好"], 80),
                band("中", &["中等", "合格"], 60),
                band("差", &["较差", "不合格"], 0),
            ],
            over_achievement_ratio: Decimal::new(15, 1),
            rounding_cap: Decimal::new(5, 2),
            framework: None,
        }
    }

    /// Every shipped scheme, parsed once per process (every form asks which
    /// local convention it follows). The shipped files are tested, so a
    /// failure here is a build defect.
    pub fn shipped() -> &'static [Scheme] {
        static SHIPPED_PARSED: std::sync::OnceLock<Vec<Scheme>> = std::sync::OnceLock::new();
        SHIPPED_PARSED.get_or_init(|| {
            SHIPPED
                .iter()
                .map(|(name, text)| {
                    parse(text, &format!("{name}.toml"))
                        .unwrap_or_else(|e| panic!("内置评分方案 {name} 有误：{e}"))
                })
                .collect()
        })
    }

    /// A shipped scheme by name.
    pub fn builtin(name: &str) -> Option<Scheme> {
        let i = SHIPPED.iter().position(|(n, _)| *n == name.trim())?;
        Scheme::shipped().get(i).cloned()
    }

    /// `--scheme NAME|FILE`: a shipped name, else a path to a TOML file.
    pub fn load(name_or_file: &str) -> Result<Scheme, SchemeError> {
        if let Some(s) = Scheme::builtin(name_or_file) {
            return Ok(s);
        }
        let path = Path::new(name_or_file);
        if !path.exists() {
            let names: Vec<&str> = SHIPPED.iter().map(|(n, _)| *n).collect();
            return Err(SchemeError {
                message: format!(
                    "未知的评分方案“{name_or_file}”：内置方案有 {}，也可以给出 .toml 方案文件的路径",
                    names.join("、")
                ),
                line: None,
            });
        }
        let text = std::fs::read_to_string(path).map_err(|e| SchemeError {
            message: format!("无法读取评分方案文件“{name_or_file}”：{e}"),
            line: None,
        })?;
        parse(&text, name_or_file)
    }

    /// The title's leading name, 湖南益阳 of “湖南益阳（可持续影响指标单列…）”:
    /// what the page's 评分方案 list calls the scheme.
    pub fn short_title(&self) -> &str {
        let t = self.title.trim();
        t.split(['（', '('])
            .next()
            .filter(|s| !s.is_empty())
            .unwrap_or(t)
    }

    /// 符合“湖南益阳”口径（可在评分方案中选择）: the hint the page and the
    /// workbooks show; the CLI rewrites it with [`cli_wording`].
    pub fn choose_hint(&self) -> String {
        format!("“{}”口径（{CHOOSE}）", self.short_title())
    }

    /// The band a score falls in.
    pub fn rating_for(&self, score: Decimal) -> Option<&RatingBand> {
        self.ratings.iter().find(|b| score >= b.min)
    }

    /// The band a declared rating text names (优, 优秀, “优”…).
    pub fn band_named(&self, text: &str) -> Option<&RatingBand> {
        let t: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && !"\"“”'‘’「」【】".contains(*c))
            .collect();
        self.ratings
            .iter()
            .find(|b| b.name == t || b.aliases.contains(&t))
            .or_else(|| {
                self.ratings
                    .iter()
                    .find(|b| t.starts_with(&b.name) && t.chars().count() <= 3)
            })
    }

    /// "优 ≥ 90，良 ≥ 80，中 ≥ 60，差 < 60" for messages.
    pub fn rating_text(&self) -> String {
        let mut parts = Vec::new();
        for (i, b) in self.ratings.iter().enumerate() {
            let last = i + 1 == self.ratings.len();
            if last && i > 0 {
                parts.push(format!(
                    "{} < {}",
                    b.name,
                    self.ratings[i - 1].min.normalize()
                ));
            } else {
                parts.push(format!("{} ≥ {}", b.name, b.min.normalize()));
            }
        }
        parts.join("，")
    }

    /// The fund score for an execution rate (a fraction).
    pub fn fund_score_for(&self, points: Decimal, rate: Decimal) -> Decimal {
        match &self.fund_score {
            FundScore::Proportional => points * rate.min(Decimal::ONE),
            FundScore::Bands { bands } => points * share_for(bands, rate).unwrap_or(Decimal::ZERO),
        }
    }

    /// How the fund score is computed, in words.
    pub fn fund_score_text(&self) -> String {
        match &self.fund_score {
            FundScore::Proportional => "分值 × min(执行率, 100%)".into(),
            FundScore::Bands { bands } => format!("分值 × 档位系数（{}）", bands_text(bands)),
        }
    }

    /// The 定性 band whose phrase starts `text` (longest phrase first, so
    /// 部分达成预期指标 is not read as 达成预期指标).
    pub fn qualitative_band(&self, text: &str) -> Option<&QualitativeBand> {
        let mut bands: Vec<&QualitativeBand> = self.qualitative.iter().collect();
        bands.sort_by_key(|b| std::cmp::Reverse(b.phrase.chars().count()));
        bands.into_iter().find(|b| text.starts_with(&b.phrase))
    }

    /// Weight points summed (+ fund points when counted in 总分).
    pub fn full_marks(&self) -> Decimal {
        let w: Decimal = self.weights.iter().map(|w| w.points).sum();
        if self.fund_in_total {
            w + self.fund_points
        } else {
            w
        }
    }

    /// The effective settings, as `shenbiao rules --scheme NAME` prints them.
    pub fn describe(&self) -> String {
        let mut out = format!("评分方案 {}：{}\n", self.name, self.title);
        if !self.sources.is_empty() {
            out.push_str("\n依据：\n");
            for s in &self.sources {
                out.push_str(&format!("  - {s}\n"));
            }
        }
        out.push_str("\n一级指标权重：\n");
        for w in &self.weights {
            out.push_str(&format!("  {} {} 分\n", w.name, w.points.normalize()));
        }
        out.push_str(&format!(
            "\n预算执行率：{} 分，{}；得分 = {}\n",
            self.fund_points.normalize(),
            if self.fund_in_total {
                "计入总分"
            } else {
                "不计入总分"
            },
            self.fund_score_text()
        ));
        out.push_str("\n定性指标得分率：\n");
        for q in &self.qualitative {
            out.push_str(&format!(
                "  {}：{}（含）–{}\n",
                q.phrase,
                pct(q.min),
                pct(q.max)
            ));
        }
        out.push_str(&format!("\n评价等级：{}（含下限）\n", self.rating_text()));
        out.push_str(&format!(
            "超额完成提示：完成值达到指标值的 {} 及以上\n",
            pct(self.over_achievement_ratio)
        ));
        out.push_str(&format!(
            "尾数误差上限：{} 万元\n",
            self.rounding_cap.normalize()
        ));
        if let Some(f) = &self.framework {
            out.push_str("\n绩效评价指标体系：\n  一级指标：");
            let ws: Vec<String> = f
                .weights
                .iter()
                .map(|w| format!("{} {}", w.name, w.points.normalize()))
                .collect();
            out.push_str(&ws.join(" / "));
            out.push_str(&format!(
                "\n  服务对象满意度：{}\n",
                bands_text(&f.satisfaction_bands)
            ));
        }
        out
    }
}

/// The shipped scheme a form's structure fits: same fund convention (and
/// fund points, when the form has them), preferring one whose weights equal
/// the form's 一级 group points. Used to name the convention a form follows
/// when the user chose no scheme.
pub fn fitting(
    groups: &[(String, Decimal)],
    fund_points: Option<Decimal>,
    fund_in_total: bool,
) -> Option<Scheme> {
    let candidates: Vec<&Scheme> = Scheme::shipped()
        .iter()
        .filter(|s| s.framework.is_none())
        .filter(|s| s.fund_in_total == fund_in_total)
        .filter(|s| fund_points.is_none_or(|p| p == s.fund_points))
        .collect();
    let weights_fit = |s: &Scheme| {
        groups.iter().all(|(name, points)| {
            s.weights
                .iter()
                .any(|w| &w.name == name && w.points == *points)
        }) && s
            .weights
            .iter()
            .all(|w| groups.iter().any(|(name, _)| name == &w.name))
    };
    candidates
        .iter()
        .find(|s| weights_fit(s))
        .or_else(|| candidates.first())
        .map(|s| (*s).clone())
}

/// The share of the first band whose `min` `ratio` reaches (bands best first).
pub fn share_for(bands: &[ShareBand], ratio: Decimal) -> Option<Decimal> {
    bands.iter().find(|b| ratio >= b.min).map(|b| b.share)
}

/// "≥90% 得 100%，≥80% 得 75% …".
pub fn bands_text(bands: &[ShareBand]) -> String {
    bands
        .iter()
        .map(|b| format!("≥{} 得 {}", pct(b.min), pct(b.share)))
        .collect::<Vec<_>>()
        .join("，")
}

fn pct(v: Decimal) -> String {
    format!("{}%", (v * Decimal::ONE_HUNDRED).normalize())
}

/// Parse a scheme file's text; `origin` names it in errors.
pub fn parse(text: &str, origin: &str) -> Result<Scheme, SchemeError> {
    let scheme: Scheme = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_col(text, s.start));
        let at = match line {
            Some((l, c)) => format!("第 {l} 行第 {c} 列"),
            None => String::new(),
        };
        SchemeError {
            message: format!(
                "评分方案文件“{origin}”{at}有误：{}",
                explain_toml(e.message())
            ),
            line: line.map(|(l, _)| l),
        }
    })?;
    validate(&scheme).map_err(|why| SchemeError {
        message: format!("评分方案文件“{origin}”有误：{why}"),
        line: None,
    })?;
    Ok(scheme)
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// The toml crate's English message, with the common cases in Chinese.
fn explain_toml(msg: &str) -> String {
    let msg = msg.trim();
    let field = |prefix: &str| {
        msg.strip_prefix(prefix)
            .map(|rest| rest.split('`').nth(1).unwrap_or(rest).to_string())
    };
    if let Some(f) = field("missing field") {
        format!("缺少字段 {f}（{msg}）")
    } else if let Some(f) = field("unknown field") {
        format!("不认识的字段 {f}（{msg}）")
    } else if let Some(f) = field("unknown variant") {
        format!("取值 {f} 不在可选范围内（{msg}）")
    } else if msg.starts_with("invalid type") {
        format!("取值类型不对（{msg}）")
    } else if msg.starts_with("duplicate key") {
        format!("字段重复（{msg}）")
    } else {
        format!("TOML 语法错误（{msg}）")
    }
}

/// Checks that the numbers make sense together.
fn validate(s: &Scheme) -> Result<(), String> {
    if s.name.trim().is_empty() {
        return Err("name 不能为空".into());
    }
    if s.ratings.is_empty() {
        return Err("ratings 至少要有一档".into());
    }
    if s.ratings.windows(2).any(|w| w[0].min <= w[1].min) {
        return Err("ratings 须按下限从高到低排列".into());
    }
    let full = s.full_marks();
    if full != Decimal::ONE_HUNDRED {
        return Err(format!(
            "一级指标权重合计{} 为 {}，应为 100",
            if s.fund_in_total {
                "加预算执行率分值"
            } else {
                ""
            },
            full.normalize()
        ));
    }
    for q in &s.qualitative {
        if q.min > q.max || q.min < Decimal::ZERO || q.max > Decimal::ONE {
            return Err(format!(
                "定性档位“{}”的得分率应满足 0 ≤ min ≤ max ≤ 1",
                q.phrase
            ));
        }
    }
    let mut band_lists: Vec<(&str, &[ShareBand])> = Vec::new();
    if let FundScore::Bands { bands } = &s.fund_score {
        band_lists.push(("fund_score.bands", bands));
    }
    if let Some(f) = &s.framework {
        band_lists.push(("framework.satisfaction_bands", &f.satisfaction_bands));
        let sum: Decimal = f.weights.iter().map(|w| w.points).sum();
        if sum != Decimal::ONE_HUNDRED {
            return Err(format!(
                "framework.weights 合计为 {}，应为 100",
                sum.normalize()
            ));
        }
    }
    for (what, bands) in band_lists {
        if bands.is_empty() || bands.windows(2).any(|w| w[0].min <= w[1].min) {
            return Err(format!("{what} 须至少一档，并按 min 从高到低排列"));
        }
        if bands
            .iter()
            .any(|b| b.share < Decimal::ZERO || b.share > Decimal::ONE)
        {
            return Err(format!("{what} 的 share 应在 0 到 1 之间"));
        }
    }
    if s.over_achievement_ratio <= Decimal::ONE {
        return Err("over_achievement_ratio 应大于 1".into());
    }
    Ok(())
}

/// Where the page and the workbooks tell a user to pick a scheme.
const CHOOSE: &str = "可在评分方案中选择";

/// A user-facing text as the command line says it: each shipped scheme's
/// [`Scheme::choose_hint`] names the `--scheme` option instead of the page's
/// list, the only place a command is named.
pub fn cli_wording(text: &str) -> String {
    let mut out = text.to_string();
    for s in Scheme::shipped() {
        let hint = s.choose_hint();
        if out.contains(&hint) {
            let cli = format!("“{}”口径（可用 --scheme {} 指定）", s.short_title(), s.name);
            out = out.replace(&hint, &cli);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rating_bands_are_lower_inclusive() {
        let s = Scheme::national();
        assert_eq!(s.rating_for(d(90)).unwrap().name, "优");
        assert_eq!(s.rating_for(Decimal::new(8999, 2)).unwrap().name, "良");
        assert_eq!(s.rating_for(d(80)).unwrap().name, "良");
        assert_eq!(s.rating_for(d(60)).unwrap().name, "中");
        assert_eq!(s.rating_for(Decimal::new(5999, 2)).unwrap().name, "差");
    }

    #[test]
    fn rating_names_and_aliases() {
        let s = Scheme::national();
        assert_eq!(s.band_named("优秀").unwrap().name, "优");
        assert_eq!(s.band_named("“良好”").unwrap().name, "良");
        assert_eq!(s.band_named("中").unwrap().name, "中");
        assert!(s.band_named("很好").is_none());
    }

    #[test]
    fn qualitative_phrases_longest_first() {
        let s = Scheme::national();
        assert_eq!(
            s.qualitative_band("部分达成预期指标并具有一定效果")
                .unwrap()
                .min,
            Decimal::new(6, 1)
        );
        assert_eq!(
            s.qualitative_band("达成预期指标").unwrap().min,
            Decimal::new(8, 1)
        );
        assert!(s.qualitative_band("已完成").is_none());
    }

    #[test]
    fn line_and_column_of_offsets() {
        assert_eq!(line_col("a\nbc\nd", 3), (2, 2));
        assert_eq!(line_col("a", 0), (1, 1));
    }

    #[test]
    fn scheme_hints_name_the_list_and_only_the_cli_names_the_option() {
        let yy = Scheme::builtin("hunan-yiyang").unwrap();
        assert_eq!(yy.short_title(), "湖南益阳");
        let page = format!("符合{}，", yy.choose_hint());
        assert_eq!(page, "符合“湖南益阳”口径（可在评分方案中选择），");
        assert_eq!(
            cli_wording(&page),
            "符合“湖南益阳”口径（可用 --scheme hunan-yiyang 指定），"
        );
        assert_eq!(cli_wording("总分不符"), "总分不符");
    }
}
