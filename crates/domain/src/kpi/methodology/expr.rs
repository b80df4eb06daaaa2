//! The predicate language of indicator definitions: named dossier facts and comparisons on
//! dossier fields, combined with `all` / `any` / `not`, compiled to bit tests.

use serde::{Deserialize, Serialize};

/// A boolean fact about a dossier (or about one period occurrence of it), usable by name in
/// indicator definitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fact {
    HasDue,
    Finished,
    Returned,
    Online,
    InPerson,
    ByPost,
    FullOnline,
    PartialOnline,
    Fee,
    PaidOnline,
    PaidNational,
    PaidProvincial,
    Digitised,
    ElectronicResult,
    Reused,
    FromStore,
    Supplemented,
    MultiSupplement,
    Withdrawn,
    Feedback,
    FeedbackResolved,
    Rated,
    Satisfied,
    Apology,
    ProcFullOnline,
    ProcOnline,
    ProcFee,
    Early,
    OnTime,
    Late,
    FinishedInPeriod,
    OverdueOpen,
}

/// (fact, name in definitions, Vietnamese label). The position is the fact's bit.
pub const FACTS: [(Fact, &str, &str); 32] = [
    (Fact::HasDue, "has_due", "có ngày hẹn trả"),
    (Fact::Finished, "finished", "đã kết thúc xử lý"),
    (Fact::Returned, "returned", "đã trả kết quả"),
    (Fact::Online, "online", "nộp trực tuyến"),
    (Fact::InPerson, "in_person", "nộp trực tiếp"),
    (Fact::ByPost, "by_post", "nộp qua bưu chính"),
    (Fact::FullOnline, "full_online", "dịch vụ công trực tuyến toàn trình"),
    (Fact::PartialOnline, "partial_online", "dịch vụ công trực tuyến một phần"),
    (Fact::Fee, "fee", "có phí, lệ phí"),
    (Fact::PaidOnline, "paid_online", "đã thanh toán trực tuyến"),
    (Fact::PaidNational, "paid_national", "thanh toán qua Cổng DVC quốc gia"),
    (Fact::PaidProvincial, "paid_provincial", "thanh toán qua cổng thanh toán của tỉnh"),
    (Fact::Digitised, "digitised", "thành phần hồ sơ được số hóa"),
    (Fact::ElectronicResult, "electronic_result", "có kết quả điện tử"),
    (Fact::Reused, "reused", "tái sử dụng dữ liệu số hóa"),
    (Fact::FromStore, "from_store", "lấy dữ liệu từ kho dữ liệu"),
    (Fact::Supplemented, "supplemented", "có yêu cầu bổ sung"),
    (Fact::MultiSupplement, "multi_supplement", "yêu cầu bổ sung quá một lần"),
    (Fact::Withdrawn, "withdrawn", "đã rút / từ chối / hủy"),
    (Fact::Feedback, "feedback", "có phản ánh, kiến nghị"),
    (Fact::FeedbackResolved, "feedback_resolved", "phản ánh, kiến nghị đã được xử lý"),
    (Fact::Rated, "rated", "có đánh giá"),
    (Fact::Satisfied, "satisfied", "đánh giá hài lòng"),
    (Fact::Apology, "apology", "có văn bản xin lỗi"),
    (Fact::ProcFullOnline, "proc_full_online", "TTHC đủ điều kiện trực tuyến toàn trình"),
    (Fact::ProcOnline, "proc_online", "TTHC có cung cấp dịch vụ công trực tuyến"),
    (Fact::ProcFee, "proc_fee", "TTHC có phí, lệ phí"),
    (Fact::Early, "early", "giải quyết trước hạn"),
    (Fact::OnTime, "on_time", "giải quyết đúng hạn"),
    (Fact::Late, "late", "giải quyết quá hạn"),
    (Fact::FinishedInPeriod, "finished_in_period", "kết thúc xử lý trong kỳ"),
    (Fact::OverdueOpen, "overdue_open", "đang xử lý quá hạn tại cuối kỳ"),
];

impl Fact {
    /// The fact's bit in a fact mask.
    #[inline]
    pub fn bit(self) -> u64 {
        1u64 << (self as u32)
    }
    /// Name used in definitions.
    pub fn name(self) -> &'static str {
        FACTS[self as usize].1
    }
    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        FACTS[self as usize].2
    }
    /// Looks a fact up by its name.
    pub fn by_name(name: &str) -> Option<Fact> {
        FACTS.iter().find(|(_, n, _)| *n == name).map(|(f, _, _)| *f)
    }
}

/// A dossier field that can be compared with a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// 1 in person, 2 online, 3 post.
    Channel,
    /// 0 none, 1 partial, 2 full.
    OnlineLevel,
    /// 0 no, 1 national portal, 2 provincial gateway.
    PaidOnline,
    /// 1–5; 0 when there is no score.
    Rating,
    /// Number of supplement requests.
    Supplements,
    /// Fee amount in VND (0 when unknown).
    FeeAmount,
    /// 0 none, 1 pending, 2 resolved.
    Feedback,
    /// 0 processing … 4 withdrawn.
    Status,
}

/// Comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CmpOp {
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
}

impl CmpOp {
    /// Applies the operator.
    #[inline]
    pub fn test(self, a: i64, b: i64) -> bool {
        match self {
            CmpOp::Eq => a == b,
            CmpOp::Ne => a != b,
            CmpOp::Lt => a < b,
            CmpOp::Le => a <= b,
            CmpOp::Gt => a > b,
            CmpOp::Ge => a >= b,
        }
    }
}

/// A comparison atom: `field op value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Cmp {
    pub field: Field,
    pub op: CmpOp,
    pub value: i64,
}

/// A condition over a dossier, as written in methodology files:
/// `true`, `"fact"`, `{ all = [...] }`, `{ any = [...] }`, `{ not = ... }`,
/// `{ field = "rating", op = ">=", value = 4 }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Expr {
    Const(bool),
    Fact(String),
    All { all: Vec<Expr> },
    Any { any: Vec<Expr> },
    Not { not: Box<Expr> },
    Cmp(Cmp),
}

/// A compiled condition: tests on a 64-bit mask of facts (bits 0–31) and comparison atoms
/// (bits 32–63, numbered by [`AtomTable`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Compiled {
    Const(bool),
    Bit(u64),
    All(Vec<Compiled>),
    Any(Vec<Compiled>),
    Not(Box<Compiled>),
}

/// The comparison atoms of one methodology, each with its bit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AtomTable {
    /// Comparison atoms; atom `i` has bit `32 + i`.
    pub cmps: Vec<Cmp>,
}

impl AtomTable {
    /// Compiles an expression, registering its comparison atoms.
    pub fn compile(&mut self, e: &Expr) -> Result<Compiled, String> {
        Ok(match e {
            Expr::Const(b) => Compiled::Const(*b),
            Expr::Fact(name) => match Fact::by_name(name) {
                Some(f) => Compiled::Bit(f.bit()),
                None => return Err(format!("không có dữ kiện «{name}»")),
            },
            Expr::All { all } => Compiled::All(self.compile_all(all)?),
            Expr::Any { any } => Compiled::Any(self.compile_all(any)?),
            Expr::Not { not } => Compiled::Not(Box::new(self.compile(not)?)),
            Expr::Cmp(c) => {
                let i = match self.cmps.iter().position(|x| x == c) {
                    Some(i) => i,
                    None => {
                        if self.cmps.len() >= 32 {
                            return Err("quá 32 phép so sánh khác nhau".into());
                        }
                        self.cmps.push(*c);
                        self.cmps.len() - 1
                    }
                };
                Compiled::Bit(1u64 << (32 + i))
            }
        })
    }

    fn compile_all(&mut self, es: &[Expr]) -> Result<Vec<Compiled>, String> {
        es.iter().map(|e| self.compile(e)).collect()
    }
}

impl Compiled {
    /// Evaluates against a fact mask.
    #[inline]
    pub fn eval(&self, mask: u64) -> bool {
        match self {
            Compiled::Const(b) => *b,
            Compiled::Bit(b) => mask & b != 0,
            Compiled::All(v) => v.iter().all(|c| c.eval(mask)),
            Compiled::Any(v) => v.iter().any(|c| c.eval(mask)),
            Compiled::Not(c) => !c.eval(mask),
        }
    }
}

impl Expr {
    /// Human-readable Vietnamese rendering, used in explanations.
    pub fn describe_vi(&self) -> String {
        match self {
            Expr::Const(true) => "mọi hồ sơ".into(),
            Expr::Const(false) => "không hồ sơ nào".into(),
            Expr::Fact(n) => Fact::by_name(n).map_or_else(|| n.clone(), |f| f.label_vi().into()),
            Expr::All { all } => join(all, " và "),
            Expr::Any { any } => format!("({})", join(any, " hoặc ")),
            Expr::Not { not } => format!("không {}", not.describe_vi()),
            Expr::Cmp(c) => format!("{:?} {:?} {}", c.field, c.op, c.value).to_lowercase(),
        }
    }

    /// Why `self` is false for the mask: the failing parts, in Vietnamese.
    pub fn why_false(&self, table: &AtomTable, mask: u64) -> Vec<String> {
        let mut t = table.clone();
        let holds = |e: &Expr, t: &mut AtomTable| t.compile(e).map(|c| c.eval(mask)).unwrap_or(false);
        match self {
            Expr::All { all } => {
                all.iter().filter(|e| !holds(e, &mut t)).map(|e| format!("không thỏa: {}", e.describe_vi())).collect()
            }
            _ if holds(self, &mut t) => vec![],
            _ => vec![format!("không thỏa: {}", self.describe_vi())],
        }
    }
}

fn join(es: &[Expr], sep: &str) -> String {
    es.iter().map(Expr::describe_vi).collect::<Vec<_>>().join(sep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_table_matches_enum_order() {
        for (i, (f, name, _)) in FACTS.iter().enumerate() {
            assert_eq!(*f as usize, i, "{name}");
            assert_eq!(Fact::by_name(name), Some(*f));
        }
    }

    #[test]
    fn compiles_and_evaluates() {
        let e: Expr = serde_json::from_str(
            r#"{"all": ["fee", {"not": "withdrawn"}, {"any": ["paid_national", {"field": "paid_online", "op": "=", "value": 2}]}]}"#,
        )
        .unwrap();
        let mut t = AtomTable::default();
        let c = t.compile(&e).unwrap();
        assert_eq!(t.cmps.len(), 1);
        let cmp_bit = 1u64 << 32;
        let fee = Fact::Fee.bit();
        let cases = [
            (fee | Fact::PaidNational.bit(), true),
            (fee | cmp_bit, true),
            (fee, false),
            (fee | Fact::Withdrawn.bit() | cmp_bit, false),
            (cmp_bit, false),
        ];
        for (mask, want) in cases {
            assert_eq!(c.eval(mask), want, "{mask:b}");
        }
        let why = e.why_false(&t, fee);
        assert_eq!(why.len(), 1, "{why:?}");
    }

    #[test]
    fn unknown_fact_is_an_error() {
        let mut t = AtomTable::default();
        assert!(t.compile(&Expr::Fact("galaxy".into())).is_err());
    }
}
