//! Typed model of the nine 部门决算公开表. Rules read only this model; every
//! number is an [`Amount`] so a finding can name its cell and quote it.

use crate::amount::Amount;
use crate::workbook::{CellRef, Rect};
use std::sync::Arc;

/// Which of the nine public tables (rules.md §3). Keyed by title, not by
/// number: local sets renumber them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TableKind {
    /// 收入支出决算总表
    T01,
    /// 收入决算表
    T02,
    /// 支出决算表
    T03,
    /// 财政拨款收入支出决算总表
    T04,
    /// 一般公共预算财政拨款支出决算表
    T05,
    /// 一般公共预算财政拨款基本支出决算表
    T06,
    /// （一般公共预算）财政拨款“三公”经费支出决算表
    T07,
    /// 政府性基金预算财政拨款收入支出决算表
    T08,
    /// 国有资本经营预算财政拨款支出决算表
    T09,
}

impl TableKind {
    pub const ALL: [TableKind; 9] = [
        TableKind::T01,
        TableKind::T02,
        TableKind::T03,
        TableKind::T04,
        TableKind::T05,
        TableKind::T06,
        TableKind::T07,
        TableKind::T08,
        TableKind::T09,
    ];

    /// 0-based position in the national order.
    pub fn index(self) -> usize {
        self as usize
    }

    /// "公开01" … "公开09" (the `table` field of the JSON contract).
    pub fn code(self) -> &'static str {
        [
            "公开01", "公开02", "公开03", "公开04", "公开05", "公开06", "公开07", "公开08",
            "公开09",
        ][self.index()]
    }

    /// The national title.
    pub fn title(self) -> &'static str {
        [
            "收入支出决算总表",
            "收入决算表",
            "支出决算表",
            "财政拨款收入支出决算总表",
            "一般公共预算财政拨款支出决算表",
            "一般公共预算财政拨款基本支出决算表",
            "一般公共预算财政拨款“三公”经费支出决算表",
            "政府性基金预算财政拨款收入支出决算表",
            "国有资本经营预算财政拨款支出决算表",
        ][self.index()]
    }

    /// `n` of "公开0n表".
    pub fn from_number(n: u32) -> Option<TableKind> {
        (1..=9)
            .contains(&n)
            .then(|| TableKind::ALL[(n - 1) as usize])
    }
}

/// 金额单位 of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MoneyUnit {
    Wan,
    Yuan,
}

impl MoneyUnit {
    pub fn label(self) -> &'static str {
        match self {
            MoneyUnit::Wan => "万元",
            MoneyUnit::Yuan => "元",
        }
    }
}

/// A value read from the header lines, with its cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub at: CellRef,
}

/// 部门, 年度 and 金额单位 where the table states them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    pub dept: Option<Located<String>>,
    pub year: Option<Located<u32>>,
    pub unit: Option<Located<MoneyUnit>>,
}

/// Where a table is and what it says about itself.
#[derive(Debug, Clone)]
pub struct Meta {
    pub kind: TableKind,
    pub sheet: Arc<str>,
    /// Title as printed (or the sheet name when the sheet carries no title).
    pub title: String,
    pub title_at: CellRef,
    pub rect: Rect,
    pub header: Header,
    /// A statement that the table is empty on purpose ("此表无数据", "空表").
    pub statement: Option<Located<String>>,
    /// Where the table sits in the workbook (sheet index, top row, left
    /// column): tables are listed in this order.
    pub order: (usize, u32, u32),
}

/// A labelled amount ("本年收入合计 2,217.42").
#[derive(Debug, Clone)]
pub struct Labeled {
    /// Label without its ordinal ("一、" …).
    pub label: String,
    pub label_at: CellRef,
    pub amount: Amount,
}

/// Income lines of 公开01.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IncomeItem {
    /// 一般公共预算财政拨款收入
    General,
    /// 政府性基金预算财政拨款收入
    GovFund,
    /// 国有资本经营预算财政拨款收入
    StateCapital,
    /// 财政拨款收入 (pre-2019 single line)
    FiscalTotal,
    /// 上级补助收入
    Superior,
    /// 事业收入
    Business,
    /// 经营收入
    Operating,
    /// 附属单位上缴收入
    Affiliated,
    /// 其他收入
    Other,
    /// A line the template does not name (still part of the sum).
    Unknown,
}

#[derive(Debug, Clone)]
pub struct IncomeLine {
    pub item: IncomeItem,
    /// "其中：" lines are subsets of the line above, never addends.
    pub of_which: bool,
    pub line: Labeled,
}

/// A 功能分类 类 line of an overview table (公开01 or 公开04 expenditure).
#[derive(Debug, Clone)]
pub struct ClassLine {
    pub label: String,
    pub label_at: CellRef,
    /// 类 code from the name, where it is a known 类.
    pub code: Option<String>,
    /// One amount per value column of the panel.
    pub values: Vec<Amount>,
}

/// 公开01 收入支出决算总表.
#[derive(Debug, Clone, Default)]
pub struct Overview {
    pub income: Vec<IncomeLine>,
    pub income_total: Option<Labeled>,
    pub use_balance: Option<Labeled>,
    pub opening: Option<Labeled>,
    pub income_grand: Option<Labeled>,
    pub classes: Vec<ClassLine>,
    pub spend_total: Option<Labeled>,
    pub distribution: Option<Labeled>,
    pub closing: Option<Labeled>,
    pub spend_grand: Option<Labeled>,
}

impl Overview {
    /// The first non-其中 income line of `item`.
    pub fn income_line(&self, item: IncomeItem) -> Option<&Labeled> {
        self.income
            .iter()
            .find(|l| l.item == item && !l.of_which)
            .map(|l| &l.line)
    }

    /// A 其中 line of `item` (pre-2019: 其中：政府性基金预算财政拨款).
    pub fn of_which_line(&self, item: IncomeItem) -> Option<&Labeled> {
        self.income
            .iter()
            .find(|l| l.item == item && l.of_which)
            .map(|l| &l.line)
    }

    /// Pre-2019 layout: one 财政拨款收入 line, no 国有资本经营 line.
    pub fn pre_2019(&self) -> bool {
        self.income_line(IncomeItem::FiscalTotal).is_some()
            && self.income_line(IncomeItem::StateCapital).is_none()
    }
}

/// The three fiscal funds of 公开04.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fund {
    General,
    GovFund,
    StateCapital,
}

impl Fund {
    pub const ALL: [Fund; 3] = [Fund::General, Fund::GovFund, Fund::StateCapital];

    pub fn label(self) -> &'static str {
        match self {
            Fund::General => "一般公共预算财政拨款",
            Fund::GovFund => "政府性基金预算财政拨款",
            Fund::StateCapital => "国有资本经营预算财政拨款",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            Fund::General => "一般公共预算",
            Fund::GovFund => "政府性基金",
            Fund::StateCapital => "国有资本经营",
        }
    }
}

#[derive(Debug, Clone)]
pub struct FundLine {
    pub fund: Fund,
    pub line: Labeled,
}

/// A value column of the 公开04 expenditure panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpendCol {
    Total,
    Fund(Fund),
}

#[derive(Debug, Clone)]
pub struct PanelColumn {
    pub key: SpendCol,
    pub label: String,
    pub lanci: Option<u32>,
}

/// 公开04 财政拨款收入支出决算总表.
#[derive(Debug, Clone, Default)]
pub struct FiscalOverview {
    pub income: Vec<FundLine>,
    pub income_total: Option<Labeled>,
    pub opening: Option<Labeled>,
    /// The fund lines under 年初财政拨款结转和结余.
    pub opening_funds: Vec<FundLine>,
    pub income_grand: Option<Labeled>,
    pub columns: Vec<PanelColumn>,
    pub classes: Vec<ClassLine>,
    pub spend_total: Option<ClassLine>,
    pub closing: Option<ClassLine>,
    /// Fund lines under 年末财政拨款结转和结余 (single-column layouts).
    pub closing_funds: Vec<FundLine>,
    pub spend_grand: Option<ClassLine>,
}

impl FiscalOverview {
    pub fn col(&self, key: SpendCol) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }

    pub fn income_fund(&self, fund: Fund) -> Option<&Labeled> {
        self.income.iter().find(|l| l.fund == fund).map(|l| &l.line)
    }

    pub fn opening_fund(&self, fund: Fund) -> Option<&Labeled> {
        self.opening_funds
            .iter()
            .find(|l| l.fund == fund)
            .map(|l| &l.line)
    }

    pub fn closing_fund(&self, fund: Fund) -> Option<&Labeled> {
        self.closing_funds
            .iter()
            .find(|l| l.fund == fund)
            .map(|l| &l.line)
    }
}

/// Meaning of a value column in a table keyed by 科目编码.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ColKey {
    /// 本年收入合计 / 本年支出合计 / 小计 / 合计
    Total,
    Fiscal,
    Superior,
    Business,
    Operating,
    Affiliated,
    Other,
    Basic,
    Project,
    ToSuperior,
    OperatingSpend,
    ToAffiliates,
    Opening,
    Income,
    Closing,
}

impl ColKey {
    /// Name used in messages, as the national template prints it.
    pub fn name(self, kind: TableKind) -> &'static str {
        match self {
            ColKey::Total => match kind {
                TableKind::T02 => "本年收入合计",
                TableKind::T03 => "本年支出合计",
                TableKind::T08 => "本年支出小计",
                _ => "合计",
            },
            ColKey::Fiscal => "财政拨款收入",
            ColKey::Superior => "上级补助收入",
            ColKey::Business => "事业收入",
            ColKey::Operating => "经营收入",
            ColKey::Affiliated => "附属单位上缴收入",
            ColKey::Other => "其他收入",
            ColKey::Basic => "基本支出",
            ColKey::Project => "项目支出",
            ColKey::ToSuperior => "上缴上级支出",
            ColKey::OperatingSpend => "经营支出",
            ColKey::ToAffiliates => "对附属单位补助支出",
            ColKey::Opening => "年初结转和结余",
            ColKey::Income => "本年收入",
            ColKey::Closing => "年末结转和结余",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Column {
    pub key: ColKey,
    pub label: String,
    pub col: u32,
    /// 栏次 number printed above the values.
    pub lanci: Option<u32>,
}

/// One row of a coded table: 科目编码, 科目名称 and one amount per column.
#[derive(Debug, Clone)]
pub struct CodedRow {
    /// Digits as printed ("2010301"); empty for the 合计 row.
    pub code: String,
    pub code_at: CellRef,
    pub name: String,
    pub values: Vec<Amount>,
}

impl CodedRow {
    /// "201 一般公共服务支出" or "合计".
    pub fn title(&self) -> String {
        if self.code.is_empty() {
            self.name.clone()
        } else if self.name.is_empty() {
            self.code.clone()
        } else {
            format!("{} {}", self.code, self.name)
        }
    }
}

/// 公开02, 03, 05, 08, 09: rows by 功能分类科目编码, columns by 栏次.
#[derive(Debug, Clone, Default)]
pub struct Coded {
    pub columns: Vec<Column>,
    pub total: Option<CodedRow>,
    /// In table order. Filled by extraction and not changed afterwards:
    /// [`Coded::row`] indexes them by code on first use.
    pub rows: Vec<CodedRow>,
    row_index: std::sync::OnceLock<CodeIndex>,
}

impl Coded {
    /// A table with these columns and no rows yet.
    pub fn with_columns(columns: Vec<Column>) -> Coded {
        Coded {
            columns,
            ..Coded::default()
        }
    }

    pub fn col(&self, key: ColKey) -> Option<usize> {
        self.columns.iter().position(|c| c.key == key)
    }

    /// The first row with this code. Cross-table rules ask once per row of
    /// another table, so this is a lookup, not a scan (tables reach tens of
    /// thousands of rows).
    pub fn row(&self, code: &str) -> Option<&CodedRow> {
        self.rows
            .get(*code_index(&self.row_index, &self.rows, |r| &r.code).get(code)?)
    }
}

impl Basic {
    pub fn row(&self, code: &str) -> Option<&EconRow> {
        self.rows
            .get(*code_index(&self.row_index, &self.rows, |r| &r.code).get(code)?)
    }
}

/// First position of each code, for [`Coded::row`] and [`Basic::row`].
#[derive(Debug, Clone, Default)]
struct CodeIndex {
    /// `rows.len()` when built; a table changed afterwards (tests build
    /// tables row by row) is indexed again.
    len: usize,
    first: std::collections::HashMap<String, usize>,
}

/// The index of `rows` by `code`, built on first use (and rebuilt if rows
/// were added since).
fn code_index<'a, R>(
    cell: &'a std::sync::OnceLock<CodeIndex>,
    rows: &[R],
    code: impl Fn(&R) -> &String,
) -> std::borrow::Cow<'a, std::collections::HashMap<String, usize>> {
    let build = || {
        let mut first = std::collections::HashMap::with_capacity(rows.len());
        for (i, r) in rows.iter().enumerate() {
            first.entry(code(r).clone()).or_insert(i);
        }
        CodeIndex {
            len: rows.len(),
            first,
        }
    };
    let index = cell.get_or_init(build);
    if index.len == rows.len() {
        std::borrow::Cow::Borrowed(&index.first)
    } else {
        std::borrow::Cow::Owned(build().first)
    }
}

/// One 经济分类 row of 公开06.
#[derive(Debug, Clone)]
pub struct EconRow {
    /// Which side-by-side panel the row is in (codes nest within a panel).
    pub panel: usize,
    pub code: String,
    pub code_at: CellRef,
    pub name: String,
    pub amount: Amount,
}

/// 公开06 一般公共预算财政拨款基本支出决算表.
#[derive(Debug, Clone, Default)]
pub struct Basic {
    /// Filled by extraction; indexed by code on first [`Basic::row`].
    pub rows: Vec<EconRow>,
    pub personnel_total: Option<Labeled>,
    pub public_total: Option<Labeled>,
    row_index: std::sync::OnceLock<CodeIndex>,
}

/// Items of the 三公 table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SgItem {
    Total,
    /// 因公出国（境）费
    Abroad,
    /// 公务用车购置及运行费（小计）
    Vehicles,
    /// 公务用车购置费
    Purchase,
    /// 公务用车运行（维护）费
    Operation,
    /// 公务接待费
    Reception,
    /// 会议费 (some localities)
    Meeting,
    /// 培训费 (some localities)
    Training,
    /// 机关运行经费 (Shanghai)
    OfficeRunning,
}

impl SgItem {
    pub fn name(self) -> &'static str {
        match self {
            SgItem::Total => "合计",
            SgItem::Abroad => "因公出国（境）费",
            SgItem::Vehicles => "公务用车购置及运行费",
            SgItem::Purchase => "公务用车购置费",
            SgItem::Operation => "公务用车运行费",
            SgItem::Reception => "公务接待费",
            SgItem::Meeting => "会议费",
            SgItem::Training => "培训费",
            SgItem::OfficeRunning => "机关运行经费",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SgGroup {
    Budget,
    Final,
}

impl SgGroup {
    pub fn name(self) -> &'static str {
        match self {
            SgGroup::Budget => "预算数",
            SgGroup::Final => "决算数",
        }
    }
}

#[derive(Debug, Clone)]
pub struct SgValue {
    pub group: SgGroup,
    pub item: SgItem,
    pub lanci: Option<u32>,
    pub amount: Amount,
}

impl SgValue {
    /// "决算数公务接待费(12)".
    pub fn title(&self) -> String {
        match self.lanci {
            Some(n) => format!("{}{}({n})", self.group.name(), self.item.name()),
            None => format!("{}{}", self.group.name(), self.item.name()),
        }
    }
}

/// 公开07 “三公”经费支出决算表.
#[derive(Debug, Clone, Default)]
pub struct SanGong {
    pub values: Vec<SgValue>,
}

impl SanGong {
    pub fn get(&self, group: SgGroup, item: SgItem) -> Option<&SgValue> {
        self.values
            .iter()
            .find(|v| v.group == group && v.item == item)
    }
}

/// What extraction found in a region, before it is placed into its
/// publication. A workbook holds a handful of tables, so the size gap
/// between variants costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Body {
    Overview(Overview),
    FiscalOverview(FiscalOverview),
    Coded(Coded),
    Basic(Basic),
    SanGong(SanGong),
}

/// One table found in a workbook, with its typed body.
#[derive(Debug, Clone)]
pub struct Table<B> {
    pub meta: Meta,
    pub body: B,
}

impl<B> Table<B> {
    /// The money unit, assuming 万元 where the table does not say (the
    /// national default; JS-C-03 reports tables that differ).
    pub fn unit(&self) -> MoneyUnit {
        self.meta
            .header
            .unit
            .as_ref()
            .map_or(MoneyUnit::Wan, |u| u.value)
    }
}

/// What every table body can tell without knowing its kind.
pub trait TableBody {
    /// Every amount the table holds (for the 空表 check and SB-01/SB-02).
    fn amounts(&self) -> Vec<&Amount>;
    /// Subject codes in printed order, one list per side-by-side panel
    /// (for JS-C-01); empty for tables without codes.
    fn codes(&self) -> Vec<Vec<(&str, &CellRef)>> {
        Vec::new()
    }
}

fn labeled<'a>(out: &mut Vec<&'a Amount>, lines: &[&'a Option<Labeled>]) {
    out.extend(lines.iter().filter_map(|l| l.as_ref().map(|l| &l.amount)));
}

impl TableBody for Overview {
    fn amounts(&self) -> Vec<&Amount> {
        let mut out: Vec<&Amount> = self.income.iter().map(|l| &l.line.amount).collect();
        labeled(
            &mut out,
            &[
                &self.income_total,
                &self.use_balance,
                &self.opening,
                &self.income_grand,
                &self.spend_total,
                &self.distribution,
                &self.closing,
                &self.spend_grand,
            ],
        );
        out.extend(self.classes.iter().flat_map(|c| c.values.iter()));
        out
    }
}

impl TableBody for FiscalOverview {
    fn amounts(&self) -> Vec<&Amount> {
        let mut out: Vec<&Amount> = self
            .income
            .iter()
            .chain(&self.opening_funds)
            .chain(&self.closing_funds)
            .map(|l| &l.line.amount)
            .collect();
        labeled(
            &mut out,
            &[&self.income_total, &self.opening, &self.income_grand],
        );
        for c in self
            .classes
            .iter()
            .chain(&self.spend_total)
            .chain(&self.closing)
            .chain(&self.spend_grand)
        {
            out.extend(c.values.iter());
        }
        out
    }
}

impl TableBody for Coded {
    fn amounts(&self) -> Vec<&Amount> {
        self.total
            .iter()
            .chain(&self.rows)
            .flat_map(|r| r.values.iter())
            .collect()
    }

    fn codes(&self) -> Vec<Vec<(&str, &CellRef)>> {
        vec![self
            .rows
            .iter()
            .map(|r| (r.code.as_str(), &r.code_at))
            .collect()]
    }
}

impl TableBody for Basic {
    fn amounts(&self) -> Vec<&Amount> {
        let mut out: Vec<&Amount> = self.rows.iter().map(|r| &r.amount).collect();
        labeled(&mut out, &[&self.personnel_total, &self.public_total]);
        out
    }

    fn codes(&self) -> Vec<Vec<(&str, &CellRef)>> {
        let panels = self.rows.iter().map(|r| r.panel).max().map_or(0, |m| m + 1);
        (0..panels)
            .map(|p| {
                self.rows
                    .iter()
                    .filter(|r| r.panel == p)
                    .map(|r| (r.code.as_str(), &r.code_at))
                    .collect()
            })
            .collect()
    }
}

impl TableBody for SanGong {
    fn amounts(&self) -> Vec<&Amount> {
        self.values.iter().map(|v| &v.amount).collect()
    }
}

/// Any table of a publication, seen through what all tables share.
#[derive(Clone, Copy)]
pub struct AnyTable<'a> {
    pub meta: &'a Meta,
    pub body: &'a dyn TableBody,
}

impl AnyTable<'_> {
    pub fn unit(&self) -> MoneyUnit {
        self.meta
            .header
            .unit
            .as_ref()
            .map_or(MoneyUnit::Wan, |u| u.value)
    }
}

/// One department's 决算公开 publication: one field per public table, each
/// typed by its body, so a cross-table rule names the tables it pairs.
#[derive(Debug, Clone, Default)]
pub struct Publication {
    pub t01: Option<Table<Overview>>,
    pub t02: Option<Table<Coded>>,
    pub t03: Option<Table<Coded>>,
    pub t04: Option<Table<FiscalOverview>>,
    pub t05: Option<Table<Coded>>,
    pub t06: Option<Table<Basic>>,
    pub t07: Option<Table<SanGong>>,
    pub t08: Option<Table<Coded>>,
    pub t09: Option<Table<Coded>>,
}

impl Publication {
    fn any<B: TableBody>(t: &Option<Table<B>>) -> Option<AnyTable<'_>> {
        t.as_ref().map(|t| AnyTable {
            meta: &t.meta,
            body: &t.body,
        })
    }

    /// The tables present, in workbook order.
    pub fn tables(&self) -> Vec<AnyTable<'_>> {
        let mut out: Vec<AnyTable<'_>> = [
            Self::any(&self.t01),
            Self::any(&self.t02),
            Self::any(&self.t03),
            Self::any(&self.t04),
            Self::any(&self.t05),
            Self::any(&self.t06),
            Self::any(&self.t07),
            Self::any(&self.t08),
            Self::any(&self.t09),
        ]
        .into_iter()
        .flatten()
        .collect();
        out.sort_by_key(|t| t.meta.order);
        out
    }

    /// The tables keyed by 科目编码 (公开02, 03, 05, 08, 09).
    pub fn coded(&self) -> [(TableKind, Option<&Table<Coded>>); 5] {
        [
            (TableKind::T02, self.t02.as_ref()),
            (TableKind::T03, self.t03.as_ref()),
            (TableKind::T05, self.t05.as_ref()),
            (TableKind::T08, self.t08.as_ref()),
            (TableKind::T09, self.t09.as_ref()),
        ]
    }

    pub fn has(&self, kind: TableKind) -> bool {
        self.tables().iter().any(|t| t.meta.kind == kind)
    }

    /// Put an extracted table into its field (the caller checks with
    /// [`Publication::has`] that the field is free; a table of a kind
    /// already present starts another publication).
    pub fn place(&mut self, meta: Meta, body: Body) {
        fn put<B>(slot: &mut Option<Table<B>>, meta: Meta, body: B) {
            *slot = Some(Table { meta, body });
        }
        match (meta.kind, body) {
            (TableKind::T01, Body::Overview(b)) => put(&mut self.t01, meta, b),
            (TableKind::T04, Body::FiscalOverview(b)) => put(&mut self.t04, meta, b),
            (TableKind::T06, Body::Basic(b)) => put(&mut self.t06, meta, b),
            (TableKind::T07, Body::SanGong(b)) => put(&mut self.t07, meta, b),
            (TableKind::T02, Body::Coded(b)) => put(&mut self.t02, meta, b),
            (TableKind::T03, Body::Coded(b)) => put(&mut self.t03, meta, b),
            (TableKind::T05, Body::Coded(b)) => put(&mut self.t05, meta, b),
            (TableKind::T08, Body::Coded(b)) => put(&mut self.t08, meta, b),
            (TableKind::T09, Body::Coded(b)) => put(&mut self.t09, meta, b),
            // Extraction builds the body its kind calls for; any other
            // pairing cannot be checked and is dropped.
            _ => {}
        }
    }

    /// True when no table holds any amount, not even a 0: a blank
    /// template. A table filled with zeros is an empty table that must say
    /// why (JS-GK-03), not an unfilled one.
    pub fn is_unfilled(&self) -> bool {
        self.amounts().iter().all(|a| a.is_empty())
    }

    /// Every amount of every table.
    pub fn amounts(&self) -> Vec<&Amount> {
        self.tables()
            .iter()
            .flat_map(|t| t.body.amounts())
            .collect()
    }
}
