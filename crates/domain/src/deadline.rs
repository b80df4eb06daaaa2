//! Deadline expressions of plans and conclusion notices (`Quý II, III/2025`, `Thường xuyên`,
//! `trước ngày 15/8/2025`, `Sau khi … công bố chỉ số …`) parsed into dates and cadences.
//!
//! Pure: no clock. A missing year comes from the document's plan year, passed as a parameter.
//! Matching works on the diacritic-free, lower-case fold of the text, so `Quý`, `quy`, `Quí`
//! and NFD input all read alike; positions reported by [`find_deadlines`] point into the
//! original text.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// What kind of time limit a deadline expression sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// A day is named (`trước ngày 15/8/2025`).
    FixedDate,
    /// A month, quarter, half-year or year is named; due on its last day (`Quý II, III/2025`).
    EndOfPeriod,
    /// Done again and again (`Thường xuyên`, `Hằng năm`, `định kỳ hằng quý`).
    Recurring,
    /// Due after something else happens (`Sau khi … công bố chỉ số`, `Theo Kế hoạch của Bộ`).
    EventTriggered,
    /// Due a number of working days after the document's date (`trong 15 ngày làm việc`);
    /// the date comes from the working-day calendar when the task is tracked.
    WorkingDays,
    /// Nothing recognisable; the text is kept.
    Unspecified,
}

impl DeadlineKind {
    /// Stable code used in JSON and the database.
    pub fn code(self) -> &'static str {
        match self {
            DeadlineKind::FixedDate => "fixed_date",
            DeadlineKind::EndOfPeriod => "end_of_period",
            DeadlineKind::Recurring => "recurring",
            DeadlineKind::EventTriggered => "event_triggered",
            DeadlineKind::WorkingDays => "working_days",
            DeadlineKind::Unspecified => "unspecified",
        }
    }
}

/// How often a recurring task comes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Cadence {
    Daily,
    Weekly,
    Monthly,
    Quarterly,
    HalfYearly,
    Yearly,
    /// Ongoing without a stated period (`Thường xuyên`, `liên tục`).
    Continuous,
}

/// A parsed deadline; `text` is always the original expression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub text: String,
    pub kind: DeadlineKind,
    /// Last day to finish, when one can be computed.
    pub due: Option<NaiveDate>,
    /// First day of the named period (`Quý II, III/2025` → 1/4/2025), or of a date range.
    pub period_start: Option<NaiveDate>,
    pub cadence: Option<Cadence>,
    /// The triggering event or external schedule, for event-triggered deadlines.
    pub event: Option<String>,
    /// The offset of a [`DeadlineKind::WorkingDays`] deadline, in working days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_days: Option<u32>,
}

impl Deadline {
    /// A deadline with nothing recognised.
    pub fn unspecified(text: &str) -> Deadline {
        Deadline {
            text: text.trim().to_string(),
            kind: DeadlineKind::Unspecified,
            due: None,
            period_start: None,
            cadence: None,
            event: None,
            working_days: None,
        }
    }
}

/// A deadline phrase found inside longer prose; `start..end` are byte offsets in that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineMatch {
    pub start: usize,
    pub end: usize,
    pub deadline: Deadline,
}

/// Parses a deadline cell such as `Quý I- IV năm 2025` or `Theo lộ trình đề án được phê duyệt`.
/// `plan_year` supplies the year when the text names none (`Tháng 2`, `Cả năm`).
pub fn parse_deadline(text: &str, plan_year: Option<i32>) -> Deadline {
    let original = tidy(text);
    let folded = Folded::new(&original);
    let toks = tokenize(&folded.s);
    let mut d = Deadline::unspecified(&original);
    if toks.is_empty() {
        return d;
    }
    if let Some(event) = event_trigger(&toks, &folded, &original) {
        d.kind = DeadlineKind::EventTriggered;
        d.event = Some(event);
        return d;
    }
    if let Some(n) = working_day_offset(&toks) {
        d.kind = DeadlineKind::WorkingDays;
        d.working_days = Some(n);
        return d;
    }
    let items = scan_items(&toks, 0, toks.len(), false);
    let dates: Vec<NaiveDate> = items
        .iter()
        .filter_map(|it| match it.what {
            What::Date(day, month, year) => date_of(day, month, year.or(plan_year)),
            _ => None,
        })
        .collect();
    if !dates.is_empty() {
        d.kind = DeadlineKind::FixedDate;
        d.due = dates.iter().max().copied();
        if dates.len() > 1 {
            d.period_start = dates.iter().min().copied();
        }
        return d;
    }
    if let Some((start, end)) = union_periods(&items, plan_year) {
        d.kind = DeadlineKind::EndOfPeriod;
        d.period_start = start;
        d.due = end;
        return d;
    }
    if let Some(c) = recurring_cadence(&toks) {
        d.kind = DeadlineKind::Recurring;
        d.cadence = Some(c);
        return d;
    }
    if toks.first().is_some_and(|t| t.s == "theo") {
        d.kind = DeadlineKind::EventTriggered;
        d.event = Some(original.clone());
        return d;
    }
    if whole_year_words(&toks) {
        d.kind = DeadlineKind::EndOfPeriod;
        if let Some(y) = plan_year {
            d.period_start = NaiveDate::from_ymd_opt(y, 1, 1);
            d.due = NaiveDate::from_ymd_opt(y, 12, 31);
        }
        return d;
    }
    if let Some(y) = bare_years(&toks) {
        d.kind = DeadlineKind::EndOfPeriod;
        d.period_start = NaiveDate::from_ymd_opt(y.0, 1, 1);
        d.due = NaiveDate::from_ymd_opt(y.1, 12, 31);
    }
    d
}

/// Finds deadline phrases in prose (`… báo cáo trước ngày 15/8/2025`, `định kỳ hằng quý`).
/// Only anchored phrases count, so dates of cited documents (`ngày 30/3/2018`) are skipped.
pub fn find_deadlines(text: &str, plan_year: Option<i32>) -> Vec<DeadlineMatch> {
    let folded = Folded::new(text);
    let toks = tokenize(&folded.s);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if let Some((end, d)) = anchored_at(&toks, i, plan_year) {
            let start = folded.orig(toks[i].start);
            let stop = folded.orig_end(toks[end - 1].end);
            let mut d = d;
            d.text = text.get(start..stop).unwrap_or_default().to_string();
            out.push(DeadlineMatch { start, end: stop, deadline: d });
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// The deadline that applies to an assignment sentence: the earliest dated phrase, else the
/// most specific recurring one, else `None`.
pub fn find_deadline(text: &str, plan_year: Option<i32>) -> Option<DeadlineMatch> {
    applicable(&find_deadlines(text, plan_year)).cloned()
}

/// Of the phrases [`find_deadlines`] found, the one that applies: the earliest dated one, else
/// the most specific recurring one.
pub fn applicable(all: &[DeadlineMatch]) -> Option<&DeadlineMatch> {
    let dated = all.iter().filter(|m| m.deadline.due.is_some()).min_by_key(|m| m.deadline.due);
    dated.or_else(|| all.iter().min_by_key(|m| m.deadline.cadence.unwrap_or(Cadence::Continuous)))
}

/// `text::clean` without re-normalising text that is already NFC (cells are parsed in bulk).
fn tidy(s: &str) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    if is_nfc_quick(s.chars()) != IsNormalized::Yes {
        return crate::text::clean(s);
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------------
// Folding with a map back to the original text.

struct Folded {
    s: String,
    /// For each byte of `s`, the byte offset of the original char it came from.
    map: Vec<usize>,
    /// For each byte of `s`, the end offset of that original char.
    map_end: Vec<usize>,
}

impl Folded {
    fn new(text: &str) -> Folded {
        let mut s = String::with_capacity(text.len());
        let mut map = Vec::with_capacity(text.len());
        let mut map_end = Vec::with_capacity(text.len());
        for (pos, c) in text.char_indices() {
            let end = pos + c.len_utf8();
            let mut push = |ch: char| {
                let before = s.len();
                for l in ch.to_lowercase() {
                    s.push(l);
                }
                for _ in before..s.len() {
                    map.push(pos);
                    map_end.push(end);
                }
            };
            if c == 'đ' || c == 'Đ' {
                push('d');
                continue;
            }
            let mut parts: Vec<char> = Vec::with_capacity(3);
            decompose_canonical(c, |p| parts.push(p));
            for p in parts {
                if !is_combining_mark(p) {
                    push(p);
                }
            }
        }
        Folded { s, map, map_end }
    }

    fn orig(&self, folded_pos: usize) -> usize {
        self.map.get(folded_pos).copied().unwrap_or(0)
    }

    fn orig_end(&self, folded_end: usize) -> usize {
        folded_end.checked_sub(1).and_then(|p| self.map_end.get(p).copied()).unwrap_or(0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum K {
    Word,
    Num,
    Punct,
}

#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    k: K,
    s: &'a str,
    start: usize,
    end: usize,
}

impl Tok<'_> {
    fn num(&self) -> Option<u32> {
        if self.k == K::Num && self.s.len() <= 4 {
            self.s.parse().ok()
        } else {
            None
        }
    }
    fn year(&self) -> Option<i32> {
        if self.k == K::Num && self.s.len() == 4 {
            self.s.parse().ok().filter(|y| (1900..=2200).contains(y))
        } else {
            None
        }
    }
    fn is(&self, w: &str) -> bool {
        self.s == w
    }
}

fn tokenize(s: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let bytes: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    while i < bytes.len() {
        let (pos, c) = bytes[i];
        let class = |c: char| {
            if c.is_ascii_digit() {
                Some(K::Num)
            } else if c.is_alphabetic() {
                Some(K::Word)
            } else if c.is_whitespace() {
                None
            } else {
                Some(K::Punct)
            }
        };
        let Some(k) = class(c) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        if k != K::Punct {
            while j < bytes.len() && class(bytes[j].1) == Some(k) {
                j += 1;
            }
        }
        let end = bytes.get(j).map_or(s.len(), |b| b.0);
        out.push(Tok { k, s: &s[pos..end], start: pos, end });
        i = j;
    }
    out
}

/// `N ngày làm việc` anywhere in the text (`trong 15 ngày làm việc kể từ ngày ký`).
fn working_day_offset(toks: &[Tok]) -> Option<u32> {
    toks.windows(4).find_map(|w| {
        let words = w[1].is("ngay") && w[2].is("lam") && w[3].is("viec");
        w[0].num().filter(|n| words && *n <= crate::tracking::workdays::MAX_OFFSET)
    })
}

fn roman(s: &str) -> Option<u32> {
    match s {
        "i" => Some(1),
        "ii" => Some(2),
        "iii" => Some(3),
        "iv" => Some(4),
        _ => None,
    }
}

fn quarter_num(t: &Tok) -> Option<u32> {
    match t.k {
        K::Word => roman(t.s),
        K::Num => t.num().filter(|q| (1..=4).contains(q)),
        K::Punct => None,
    }
}

fn is_sep(t: Option<&Tok>) -> bool {
    t.is_some_and(|t| t.k == K::Punct && matches!(t.s, "/" | "-" | "." | "–"))
}

fn is_range(t: Option<&Tok>) -> bool {
    t.is_some_and(|t| (t.k == K::Punct && matches!(t.s, "-" | "–")) || t.is("den"))
}

fn is_list(t: Option<&Tok>) -> bool {
    t.is_some_and(|t| (t.k == K::Punct && matches!(t.s, "," | ";")) || t.is("va"))
}

// ---------------------------------------------------------------------------------------------
// Items: dates and periods found in a token range.

#[derive(Debug, Clone, Copy)]
enum What {
    Date(u32, u32, Option<i32>),
    Month(u32, u32),
    Quarter(u32, u32),
    FirstMonths(u32),
    LastMonths(u32),
    Year,
    YearRange(i32, i32),
}

#[derive(Debug, Clone, Copy)]
struct Item {
    what: What,
    year: Option<i32>,
    end: usize,
}

/// Reads `/2025` or `năm 2025` after a period word.
fn year_after(toks: &[Tok], j: usize) -> (Option<i32>, usize) {
    match (toks.get(j), toks.get(j + 1)) {
        (Some(a), Some(b)) if (is_sep(Some(a)) || a.is("nam")) && b.year().is_some() => (b.year(), j + 2),
        _ => (None, j),
    }
}

fn date_at(toks: &[Tok], i: usize) -> Option<Item> {
    let t = toks.get(i)?;
    if t.is("ngay") {
        let d = toks.get(i + 1)?.num()?;
        if toks.get(i + 2)?.is("thang") {
            let m = toks.get(i + 3)?.num()?;
            let (y, end) = year_after(toks, i + 4);
            return valid_dm(d, m).then_some(Item { what: What::Date(d, m, y), year: y, end });
        }
        return date_at(toks, i + 1);
    }
    let d = t.num()?;
    if t.s.len() > 2 || !is_sep(toks.get(i + 1)) {
        return None;
    }
    let second = toks.get(i + 2)?;
    if second.s.len() > 2 {
        return None;
    }
    let m = second.num()?;
    if !valid_dm(d, m) {
        return None;
    }
    if is_sep(toks.get(i + 3)) {
        if let Some(y) = toks.get(i + 4).and_then(|t| t.year()) {
            return Some(Item { what: What::Date(d, m, Some(y)), year: Some(y), end: i + 5 });
        }
    }
    Some(Item { what: What::Date(d, m, None), year: None, end: i + 3 })
}

fn valid_dm(d: u32, m: u32) -> bool {
    (1..=31).contains(&d) && (1..=12).contains(&m)
}

fn quarter_at(toks: &[Tok], i: usize) -> Option<Item> {
    let t = toks.get(i)?;
    if !(t.is("quy") || t.is("qui") || t.is("q")) {
        return None;
    }
    let mut j = i + 1;
    if toks.get(j).is_some_and(|t| t.k == K::Punct && matches!(t.s, "." | ":")) {
        j += 1;
    }
    let first = quarter_num(toks.get(j)?)?;
    let (mut lo, mut hi) = (first, first);
    j += 1;
    loop {
        let sep = toks.get(j);
        let mut k = j + 1;
        if toks.get(k).is_some_and(|t| t.is("quy") || t.is("qui")) {
            k += 1;
        }
        match toks.get(k).and_then(quarter_num) {
            Some(q) if is_list(sep) || is_range(sep) => {
                lo = lo.min(q);
                hi = hi.max(q);
                j = k + 1;
            }
            _ => break,
        }
    }
    let (year, end) = year_after(toks, j);
    Some(Item { what: What::Quarter(lo, hi), year, end })
}

fn month_at(toks: &[Tok], i: usize) -> Option<Item> {
    let t = toks.get(i)?;
    // `6 tháng đầu năm`, `9 tháng cuối năm 2025`
    if let Some(n) = t.num() {
        if (1..=11).contains(&n) && toks.get(i + 1)?.is("thang") {
            let which = toks.get(i + 2)?;
            if (which.is("dau") || which.is("cuoi")) && toks.get(i + 3)?.is("nam") {
                let y = toks.get(i + 4).and_then(|t| t.year());
                let end = if y.is_some() { i + 5 } else { i + 4 };
                let what = if which.is("dau") { What::FirstMonths(n) } else { What::LastMonths(n) };
                return Some(Item { what, year: y, end });
            }
        }
        // bare `12/2025`
        if t.s.len() <= 2 && (1..=12).contains(&n) && is_sep(toks.get(i + 1)) {
            let y = toks.get(i + 2).and_then(|t| t.year())?;
            return Some(Item { what: What::Month(n, n), year: Some(y), end: i + 3 });
        }
        return None;
    }
    if !t.is("thang") {
        return None;
    }
    let first = toks.get(i + 1)?.num().filter(|m| (1..=12).contains(m))?;
    let (mut lo, mut hi) = (first, first);
    let mut j = i + 2;
    loop {
        let sep = toks.get(j);
        let mut k = j + 1;
        if toks.get(k).is_some_and(|t| t.is("thang")) {
            k += 1;
        }
        match toks.get(k).and_then(|t| t.num()).filter(|m| (1..=12).contains(m)) {
            Some(m) if (is_list(sep) || is_range(sep)) && !is_year_next(toks, k) => {
                lo = lo.min(m);
                hi = hi.max(m);
                j = k + 1;
            }
            _ => break,
        }
    }
    let (year, end) = year_after(toks, j);
    Some(Item { what: What::Month(lo, hi), year, end })
}

fn is_year_next(toks: &[Tok], k: usize) -> bool {
    toks.get(k).is_some_and(|t| t.s.len() == 4)
}

fn year_at(toks: &[Tok], i: usize) -> Option<Item> {
    if !toks.get(i)?.is("nam") {
        return None;
    }
    let y = toks.get(i + 1)?.year()?;
    let mut k = i + 2;
    if is_range(toks.get(k)) {
        k += 1;
        if toks.get(k).is_some_and(|t| t.is("nam")) {
            k += 1;
        }
        if let Some(y2) = toks.get(k).and_then(|t| t.year()).filter(|y2| *y2 >= y) {
            return Some(Item { what: What::YearRange(y, y2), year: Some(y), end: k + 1 });
        }
    }
    Some(Item { what: What::Year, year: Some(y), end: i + 2 })
}

fn item_at(toks: &[Tok], i: usize) -> Option<Item> {
    date_at(toks, i).or_else(|| quarter_at(toks, i)).or_else(|| month_at(toks, i)).or_else(|| year_at(toks, i))
}

fn scan_items(toks: &[Tok], from: usize, to: usize, first_only: bool) -> Vec<Item> {
    let mut out = Vec::new();
    let mut i = from;
    while i < to {
        match item_at(toks, i) {
            Some(it) if it.end <= to => {
                i = it.end.max(i + 1);
                out.push(it);
                if first_only {
                    break;
                }
            }
            _ => i += 1,
        }
    }
    out
}

fn date_of(d: u32, m: u32, y: Option<i32>) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y?, m, d)
}

fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1).and_then(|d| d.pred_opt())
}

/// First and last day of a period item, with its year filled in.
fn bounds(what: What, year: Option<i32>) -> Option<(NaiveDate, NaiveDate)> {
    let y = year?;
    let first = |m: u32| NaiveDate::from_ymd_opt(y, m, 1);
    match what {
        What::Month(a, b) => Some((first(a)?, month_end(y, b)?)),
        What::Quarter(a, b) => Some((first(3 * a - 2)?, month_end(y, 3 * b)?)),
        What::FirstMonths(n) => Some((first(1)?, month_end(y, n)?)),
        What::LastMonths(n) => Some((first(13 - n)?, month_end(y, 12)?)),
        What::Year => Some((first(1)?, month_end(y, 12)?)),
        What::YearRange(a, b) => Some((NaiveDate::from_ymd_opt(a, 1, 1)?, NaiveDate::from_ymd_opt(b, 12, 31)?)),
        What::Date(..) => None,
    }
}

/// Start and end of all period items together; a missing year is taken from the next item
/// that names one (`tháng 3, tháng 6/2025`), else the previous, else the plan year.
fn union_periods(items: &[Item], plan_year: Option<i32>) -> Option<(Option<NaiveDate>, Option<NaiveDate>)> {
    let periods: Vec<&Item> = items.iter().filter(|i| !matches!(i.what, What::Date(..))).collect();
    if periods.is_empty() {
        return None;
    }
    let mut start: Option<NaiveDate> = None;
    let mut end: Option<NaiveDate> = None;
    for (n, it) in periods.iter().enumerate() {
        let year = it
            .year
            .or_else(|| periods[n..].iter().find_map(|p| p.year))
            .or_else(|| periods[..n].iter().rev().find_map(|p| p.year))
            .or(plan_year);
        if let Some((a, b)) = bounds(it.what, year) {
            start = Some(start.map_or(a, |s| s.min(a)));
            end = Some(end.map_or(b, |e| e.max(b)));
        }
    }
    Some((start, end))
}

fn cadence_word(t: Option<&Tok>) -> Option<Cadence> {
    match t?.s {
        "ngay" => Some(Cadence::Daily),
        "tuan" => Some(Cadence::Weekly),
        "thang" => Some(Cadence::Monthly),
        "quy" | "qui" => Some(Cadence::Quarterly),
        "nam" => Some(Cadence::Yearly),
        _ => None,
    }
}

/// The most specific cadence named in the tokens (`Thường xuyên, định kỳ hằng quý` → quarterly).
fn recurring_cadence(toks: &[Tok]) -> Option<Cadence> {
    let mut best: Option<Cadence> = None;
    let mut keep = |c: Cadence| {
        best = Some(match best {
            Some(b) if b != Cadence::Continuous && c == Cadence::Continuous => b,
            Some(b) if b != Cadence::Continuous => b,
            _ => c,
        });
    };
    for (i, t) in toks.iter().enumerate() {
        let next = toks.get(i + 1);
        match t.s {
            "thuong" if next.is_some_and(|n| n.is("xuyen")) => keep(Cadence::Continuous),
            "lien" if next.is_some_and(|n| n.is("tuc")) => keep(Cadence::Continuous),
            "hang" | "moi" => {
                if let Some(c) = cadence_word(next) {
                    keep(c);
                }
            }
            "dinh" if next.is_some_and(|n| n.is("ky")) => {
                let after = toks.get(i + 2);
                let c = if after.is_some_and(|a| a.is("hang") || a.is("moi")) {
                    cadence_word(toks.get(i + 3))
                } else if after.and_then(|a| a.num()) == Some(6) {
                    Some(Cadence::HalfYearly)
                } else {
                    cadence_word(after)
                };
                keep(c.unwrap_or(Cadence::Continuous));
            }
            _ => {}
        }
    }
    best
}

fn whole_year_words(toks: &[Tok]) -> bool {
    toks.windows(2).any(|w| (w[0].is("ca") || w[0].is("trong")) && w[1].is("nam"))
}

/// `2026`, `2025 - 2035`, `giai đoạn 2025-2030`.
fn bare_years(toks: &[Tok]) -> Option<(i32, i32)> {
    // Only a cell that is little more than years (`2026`, `giai đoạn 2025 - 2030`).
    if toks.iter().filter(|t| t.k == K::Word).count() > 3 {
        return None;
    }
    let years: Vec<(usize, i32)> = toks.iter().enumerate().filter_map(|(i, t)| t.year().map(|y| (i, y))).collect();
    match years.as_slice() {
        [(_, y)] => Some((*y, *y)),
        [(i, a), (j, b)] if *j == i + 2 && is_range(toks.get(i + 1)) && b >= a => Some((*a, *b)),
        _ => None,
    }
}

fn event_trigger(toks: &[Tok], folded: &Folded, original: &str) -> Option<String> {
    let mut i = 0;
    if toks.first()?.is("ngay") && toks.get(1).is_some_and(|t| t.is("sau")) {
        i = 1;
    }
    let skip = match (toks.get(i)?.s, toks.get(i + 1).map(|t| t.s)) {
        ("sau", Some("khi")) => i + 2,
        ("khi", _) => i + 1,
        ("tuy", Some("theo" | "thuoc")) => i + 2,
        _ => return None,
    };
    let rest = toks.get(skip).map_or(original.len(), |t| folded.orig(t.start));
    let ev = original.get(rest..).unwrap_or_default();
    Some(ev.trim().trim_end_matches(['.', ';']).trim().to_string())
}

// ---------------------------------------------------------------------------------------------
// Anchored phrases in prose.

fn anchored_at(toks: &[Tok], i: usize, plan_year: Option<i32>) -> Option<(usize, Deadline)> {
    let t = toks.get(i)?;
    let next = toks.get(i + 1);
    let mut d = Deadline::unspecified("");
    // A date or period after an anchor word: `trước ngày …`, `chậm nhất …`, `đến hết …`.
    let after = match t.s {
        "truoc" => Some(i + 1),
        "cham" if next.is_some_and(|n| n.is("nhat")) => Some(i + 2),
        "han" => Some(i + 1),
        "het" => Some(i + 1),
        // `được giao trong năm 2025` says when work was assigned, not when it is due.
        "trong" if !(i > 0 && toks[i - 1].is("giao")) => Some(i + 1),
        _ => None,
    };
    if let Some(mut j) = after {
        while toks.get(j).is_some_and(|t| {
            // `trước ngày Quốc khánh 02/9/2025`: the holiday's name before its date.
            matches!(t.s, "ngay" | "la" | "vao" | ":" | "hoan" | "thanh" | "truoc" | "quoc" | "khanh")
                && !(t.is("ngay") && date_at(toks, j).is_some())
        }) {
            j += 1;
        }
        if let Some(it) = item_at(toks, j) {
            let before_period = t.is("truoc");
            return finish_item(it, before_period, plan_year).map(|d| (it.end, d));
        }
        return None;
    }
    if let Some(c) = prose_cadence(toks, i) {
        d.kind = DeadlineKind::Recurring;
        d.cadence = Some(c.0);
        return Some((c.1, d));
    }
    None
}

fn finish_item(it: Item, before: bool, plan_year: Option<i32>) -> Option<Deadline> {
    let mut d = Deadline::unspecified("");
    match it.what {
        What::Date(day, m, y) => {
            d.kind = DeadlineKind::FixedDate;
            d.due = date_of(day, m, y.or(plan_year));
        }
        what => {
            let (a, b) = bounds(what, it.year.or(plan_year))?;
            d.kind = DeadlineKind::EndOfPeriod;
            if before {
                // `trước tháng 6/2025`: done before the period begins.
                d.due = a.pred_opt();
                d.period_start = None;
            } else {
                d.due = Some(b);
                d.period_start = Some(a);
            }
        }
    }
    Some(d)
}

fn prose_cadence(toks: &[Tok], i: usize) -> Option<(Cadence, usize)> {
    let t = toks.get(i)?;
    let next = toks.get(i + 1);
    match t.s {
        "dinh" if next.is_some_and(|n| n.is("ky")) => {
            // `định kỳ [hằng] quý`, `định kỳ 6 tháng`: only the cadence words belong to it.
            let mut end = i + 2;
            if toks.get(end).is_some_and(|t| t.is("hang") || t.is("moi")) {
                end += 1;
            }
            if cadence_word(toks.get(end)).is_some() {
                end += 1;
            } else if toks.get(end).and_then(|t| t.num()) == Some(6) && toks.get(end + 1).is_some_and(|t| t.is("thang"))
            {
                end += 2;
            }
            let end = end.min(toks.len());
            Some((recurring_cadence(&toks[i..end]).unwrap_or(Cadence::Continuous), end))
        }
        "hang" | "moi" => cadence_word(next).map(|c| (c, i + 2)),
        "thuong" if next.is_some_and(|n| n.is("xuyen")) => Some((Cadence::Continuous, i + 2)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn periods_and_dates() {
        use DeadlineKind::*;
        let cases: &[(&str, DeadlineKind, Option<NaiveDate>, Option<NaiveDate>)] = &[
            ("Tháng 12/2024", EndOfPeriod, d(2024, 12, 31), d(2024, 12, 1)),
            ("Tháng 2", EndOfPeriod, d(2025, 2, 28), d(2025, 2, 1)),
            ("Quý II, III/2025", EndOfPeriod, d(2025, 9, 30), d(2025, 4, 1)),
            ("Quý I- IV năm 2025", EndOfPeriod, d(2025, 12, 31), d(2025, 1, 1)),
            ("trước ngày 15/8/2025", FixedDate, d(2025, 8, 15), None),
            ("Năm 2025 - 2026", EndOfPeriod, d(2026, 12, 31), d(2025, 1, 1)),
            ("Cả năm", EndOfPeriod, d(2025, 12, 31), d(2025, 1, 1)),
        ];
        for (text, kind, due, start) in cases {
            let got = parse_deadline(text, Some(2025));
            assert_eq!((got.kind, got.due, got.period_start), (*kind, *due, *start), "{text}");
        }
    }

    #[test]
    fn recurring_and_events() {
        let r = parse_deadline("Thường xuyên, định kỳ hằng quý", Some(2025));
        assert_eq!((r.kind, r.cadence), (DeadlineKind::Recurring, Some(Cadence::Quarterly)));
        let e = parse_deadline("Sau khi các cơ quan TW công bố chỉ số PAPI năm 2025", Some(2025));
        assert_eq!(e.kind, DeadlineKind::EventTriggered);
        assert_eq!(e.event.as_deref(), Some("các cơ quan TW công bố chỉ số PAPI năm 2025"));
    }

    #[test]
    fn working_day_offsets() {
        for (text, n) in [
            ("Trong 15 ngày làm việc kể từ ngày ký ban hành", Some(15)),
            ("trong vòng 05 NGÀY LÀM VIỆC", Some(5)),
            ("Trong 15 ngày kể từ ngày ký", None),
        ] {
            let got = parse_deadline(text, Some(2025));
            assert_eq!(got.working_days, n, "{text}");
            assert_eq!(got.kind == DeadlineKind::WorkingDays, n.is_some(), "{text}");
        }
    }

    #[test]
    fn prose_positions_point_into_original() {
        let s = "Sở Tài chính báo cáo trước ngày 15/8/2025. Theo Quyết định ngày 30/3/2018.";
        let all = find_deadlines(s, None);
        assert_eq!(all.len(), 1);
        assert_eq!(&s[all[0].start..all[0].end], "trước ngày 15/8/2025");
        assert_eq!(all[0].deadline.due, d(2025, 8, 15));
        let s = "chuyển phần quà đến người dân, xong trước ngày Quốc khánh 02/9/2025.";
        let all = find_deadlines(s, None);
        assert_eq!(all.iter().map(|m| m.deadline.due).collect::<Vec<_>>(), [d(2025, 9, 2)]);
    }
}
