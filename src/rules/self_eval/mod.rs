//! Rules for 项目支出绩效自评表 (rules.md §1, ZP-01…ZP-26), one file per
//! rule. [`Facts`] recomputes the form once; each rule reads the form and
//! the facts and reports into its [`crate::rules::Cx`].

mod facts;

pub use facts::{
    has_text, indicator_name, printed_rate, rate_of, Completion, Convention, Facts, FundFacts,
    IndicatorFacts, TotalFacts,
};

crate::rules::rule::rules! {
    zp01_header_fields::ZP_01,
    zp02_fund_structure::ZP_02,
    zp03_fund_breakdown::ZP_03,
    zp04_execution_rate::ZP_04,
    zp05_over_execution::ZP_05,
    zp06_fund_points::ZP_06,
    zp07_fund_score::ZP_07,
    zp10_goals::ZP_10,
    zp11_indicator_names::ZP_11,
    zp12_weights::ZP_12,
    zp13_group_points::ZP_13,
    zp14_points_total::ZP_14,
    zp15_score_range::ZP_15,
    zp16_met_but_deducted::ZP_16,
    zp17_above_proportion::ZP_17,
    zp18_far_above_target::ZP_18,
    zp19_qualitative::ZP_19,
    zp21_units::ZP_21,
    zp22_deduction_reason::ZP_22,
    zp23_categories::ZP_23,
    zp24_total_score::ZP_24,
    zp25_rating::ZP_25,
    zp26_amount_decimals::ZP_26,
    zp27_group_score::ZP_27,
    zp28_unfilled::ZP_28,
}

/// A fund line's label without its 其中： prefix ("当年财政拨款").
pub fn short_label(label: &str) -> String {
    crate::forms::labels::norm(label)
        .trim_start_matches("其中")
        .trim_start_matches(':')
        .to_string()
}

/// Whole-form behaviour: every rule at once on one form.
#[cfg(test)]
mod tests {
    use crate::rules::testkit::{national, run_all, yiyang_style};
    use crate::rules::{Outcome, Severity};
    use crate::scheme::Scheme;

    #[test]
    fn the_national_fixture_is_clean_under_every_rule() {
        let r = run_all(&national(), &Scheme::national());
        r.assert_clean();
        for rule in super::RULES {
            let ran: Vec<_> = r.checks.iter().filter(|c| c.rule == *rule).collect();
            assert!(!ran.is_empty(), "{} recorded no outcome", rule.code);
        }
        assert!(r.checks.iter().all(|c| c.outcome != Outcome::Fail));
    }

    #[test]
    fn a_rule_that_cannot_run_says_so() {
        let r = run_all(&national().clear("E5"), &Scheme::national());
        assert!(r
            .checks
            .iter()
            .any(|c| c.rule.code == "ZP-05" && c.outcome == Outcome::InsufficientData));
    }

    #[test]
    fn the_yiyang_convention_is_one_warning_not_an_error() {
        let r = run_all(&yiyang_style(), &Scheme::national());
        r.assert_only("ZP-14", Severity::Warning, "G18");
        assert!(r.findings[0].message.contains("符合“湖南益阳”口径"));
        run_all(&yiyang_style(), &Scheme::load("hunan-yiyang").unwrap()).assert_clean();
    }

    #[test]
    fn a_text_score_is_reported_once_and_nothing_is_added_up_from_it() {
        let r = run_all(&national().set("H13", "十五"), &Scheme::national());
        r.assert_only("SB-02", Severity::Error, "H13");
        for code in ["ZP-15", "ZP-24"] {
            r.assert_not_checked(code);
        }
    }

    #[test]
    fn an_uncomputed_total_is_not_an_arithmetic_error() {
        let r = run_all(
            &national().set("H17", "=SUM(H12:H16)+H5"),
            &Scheme::national(),
        );
        let f = r.assert_only("SB-01", Severity::Warning, "H17");
        assert!(f.message.contains("公式未计算"));
        r.assert_not_checked("ZP-24");
    }

    #[test]
    fn rating_bands_are_lower_inclusive() {
        let at_89 = national()
            .set("H15", "20")
            .set("I15", "覆盖范围未达预期")
            .set("H17", "89");
        run_all(&at_89.clone().set("G18", "良好"), &Scheme::national()).assert_clean();
        let r = run_all(&at_89.set("G18", "优"), &Scheme::national());
        r.assert_only("ZP-25", Severity::Error, "G18");
    }

    /// The codes of every finding, in order.
    fn codes(r: &crate::rules::testkit::Results) -> Vec<&'static str> {
        r.findings.iter().map(|f| f.rule.code).collect()
    }

    /// An unusable 得分 is reported once, by the cell rule; every sum that
    /// needs it is 无法校验, never an arithmetic error.
    #[test]
    fn an_unusable_score_makes_its_dependents_not_checked() {
        for (text, cell_rule, severity) in [
            ("=H99*2", "SB-01", Severity::Warning),
            ("#REF!", "SB-02", Severity::Error),
            ("二十", "SB-02", Severity::Error),
        ] {
            let r = run_all(&national().set("H12", text), &Scheme::national());
            assert_eq!(codes(&r), [cell_rule], "{text}: {:#?}", r.findings);
            r.assert_not_checked("ZP-24");
            let f = r.assert_only(cell_rule, severity, "H12");
            assert!(f.message.contains("H12"), "{}", f.message);
        }
        let r = run_all(&national().set("G12", "二十"), &Scheme::national());
        assert_eq!(codes(&r), ["SB-02"], "{:#?}", r.findings);
        r.assert_not_checked("ZP-14");
    }

    /// Scores written with their unit, or stored with a date format, are
    /// the numbers they show.
    #[test]
    fn scores_with_a_unit_or_a_date_format_are_numbers() {
        let book = national()
            .set("H12", "20分")
            .set("G13", "15 分")
            .set("H17", "99分")
            .set("H13", "@date:15");
        run_all(&book, &Scheme::national()).assert_clean();
        let book = national().set("H17", "99.5分");
        let r = run_all(&book, &Scheme::national());
        r.assert_only("ZP-24", Severity::Error, "H17");
    }

    /// 分值/执行率/得分 merged down the fund lines belong to 年度资金总额
    /// alone: the lines below are not checked against the total's rate.
    #[test]
    fn merged_fund_scores_are_read_once_for_their_row() {
        let book = national()
            .set("E6", "70")
            .set("E7", "20")
            .merge("F5:F8")
            .merge("G5:G8")
            .merge("H5:H8");
        run_all(&book, &Scheme::national()).assert_clean();
    }
}
