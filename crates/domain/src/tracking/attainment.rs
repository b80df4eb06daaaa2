//! Whether a unit met its target: achieved against target, in the target's direction.
//! Missing data is never zero: a unit that reported nothing has no attainment, not 0%.

use serde::{Deserialize, Serialize};

use super::targets::{applicable_target, LevelValue};
use crate::unit::UnitKind;

/// Which way a target counts.
///
/// Whether a target is "higher" or "lower is better" depends on what is recorded: `giảm 28
/// biên chế` recorded as the number of posts cut is higher-is-better (cut at least 28);
/// recorded as the remaining headcount it is lower-is-better (at most the ceiling).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Met when achieved ≥ target (`100% TTHC trực tuyến`).
    HigherIsBetter,
    /// Met when achieved ≤ target (`tỷ lệ hồ sơ trễ hạn dưới 2%`, a headcount ceiling).
    LowerIsBetter,
}

impl Direction {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "higher_is_better",
            Direction::LowerIsBetter => "lower_is_better",
        }
    }

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "Càng cao càng tốt",
            Direction::LowerIsBetter => "Càng thấp càng tốt",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Direction::HigherIsBetter => "Higher is better",
            Direction::LowerIsBetter => "Lower is better",
        }
    }
}

/// The outcome of comparing an achievement with its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttainmentStatus {
    Met,
    NotMet,
    /// Nothing reported: not the same as zero.
    NoData,
    /// No target value applies to the unit (no value for its level nor for all levels).
    NoTarget,
}

impl AttainmentStatus {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            AttainmentStatus::Met => "met",
            AttainmentStatus::NotMet => "not_met",
            AttainmentStatus::NoData => "no_data",
            AttainmentStatus::NoTarget => "no_target",
        }
    }

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            AttainmentStatus::Met => "Đạt",
            AttainmentStatus::NotMet => "Không đạt",
            AttainmentStatus::NoData => "Chưa có số liệu",
            AttainmentStatus::NoTarget => "Không giao chỉ tiêu",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            AttainmentStatus::Met => "Met",
            AttainmentStatus::NotMet => "Not met",
            AttainmentStatus::NoData => "No data",
            AttainmentStatus::NoTarget => "No target",
        }
    }
}

/// An achievement compared with its target.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Attainment {
    pub status: AttainmentStatus,
    pub target: Option<f64>,
    pub achieved: Option<f64>,
    /// How much of the target is reached (1.0 = exactly): achieved / target, or for
    /// lower-is-better target / achieved. `None` when it cannot be computed (no data, a zero
    /// target, or nothing achieved on a lower-is-better target, which is fully met).
    pub ratio: Option<f64>,
}

/// Compares `achieved` with `target` in `direction`. Values equal within 1e-9 meet the target.
pub fn attainment(target: Option<f64>, achieved: Option<f64>, direction: Direction) -> Attainment {
    let (status, ratio) = match (target, achieved) {
        (None, _) => (AttainmentStatus::NoTarget, None),
        (Some(_), None) => (AttainmentStatus::NoData, None),
        (Some(t), Some(a)) => {
            let (met, num, den) = match direction {
                Direction::HigherIsBetter => (a >= t - 1e-9, a, t),
                Direction::LowerIsBetter => (a <= t + 1e-9, t, a),
            };
            let ratio = (den > 0.0).then(|| num / den);
            (if met { AttainmentStatus::Met } else { AttainmentStatus::NotMet }, ratio)
        }
    };
    Attainment { status, target, achieved, ratio }
}

/// The attainment of a unit of `kind`, with the target value for its level.
pub fn attainment_for(
    values: &[LevelValue],
    kind: UnitKind,
    achieved: Option<f64>,
    direction: Direction,
) -> Attainment {
    attainment(applicable_target(values, kind), achieved, direction)
}

/// What a target's number measures, told from its wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetScale {
    /// A percentage (`100% TTHC được công khai`).
    Rate,
    /// A quantity (`ban hành 05 văn bản`).
    Count,
    /// A place in a ranking (`thuộc nhóm 25 tỉnh dẫn đầu`): the number is the worst place
    /// that still meets it, so lower is better.
    Rank,
    /// A score (`Chỉ số CCHC đạt từ 85 điểm`).
    Score,
}

impl TargetScale {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            TargetScale::Rate => "rate",
            TargetScale::Count => "count",
            TargetScale::Rank => "rank",
            TargetScale::Score => "score",
        }
    }

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            TargetScale::Rate => "Tỷ lệ",
            TargetScale::Count => "Số lượng",
            TargetScale::Rank => "Thứ hạng",
            TargetScale::Score => "Điểm số",
        }
    }
}

/// The scale and direction of a target from its wording (diacritics ignored): rankings
/// (`nhóm … dẫn đầu`, `xếp hạng`, `thứ hạng`, `top`) are ranks, lower is better; `điểm` makes a
/// score; `%` a rate; ceilings (`dưới`, `không quá`, `tối đa`, `giảm … xuống`) are lower is
/// better; everything else is a count where more is better.
pub fn classify_target(text: &str) -> (TargetScale, Direction) {
    let f = crate::text::fold(text);
    let has = |w: &str| f.split(|c: char| !c.is_alphanumeric()).any(|t| t == w);
    let phrase = |p: &str| f.contains(p);
    if phrase("dan dau") || phrase("xep hang") || phrase("thu hang") || has("top") {
        return (TargetScale::Rank, Direction::LowerIsBetter);
    }
    let ceiling =
        phrase("duoi ") || phrase("khong qua") || phrase("toi da") || phrase("xuong con") || phrase("giam xuong");
    let direction = if ceiling { Direction::LowerIsBetter } else { Direction::HigherIsBetter };
    if has("diem") {
        (TargetScale::Score, direction)
    } else if f.contains('%') || phrase("ty le") {
        (TargetScale::Rate, direction)
    } else {
        (TargetScale::Count, direction)
    }
}

#[cfg(test)]
mod scale_tests {
    use super::*;

    #[test]
    fn targets_are_classified_from_their_wording() {
        use Direction::*;
        use TargetScale::*;
        let table = [
            ("Chỉ số CCHC của tỉnh thuộc nhóm 25 tỉnh, thành phố dẫn đầu cả nước", Rank, LowerIsBetter),
            ("Xếp hạng Chỉ số PAPI trong top 20", Rank, LowerIsBetter),
            ("Chỉ số hài lòng SIPAS đạt từ 85 điểm trở lên", Score, HigherIsBetter),
            ("100% thủ tục hành chính được công khai", Rate, HigherIsBetter),
            ("Tỷ lệ hồ sơ trễ hạn dưới 2%", Rate, LowerIsBetter),
            ("Ban hành 05 văn bản quy phạm pháp luật", Count, HigherIsBetter),
            ("Số biên chế không quá 1.200 người", Count, LowerIsBetter),
        ];
        for (text, scale, direction) in table {
            assert_eq!(classify_target(text), (scale, direction), "{text}");
        }
        // A rank of 18 meets "nhóm 25 dẫn đầu"; 30 does not.
        assert_eq!(attainment(Some(25.0), Some(18.0), LowerIsBetter).status, AttainmentStatus::Met);
        assert_eq!(attainment(Some(25.0), Some(30.0), LowerIsBetter).status, AttainmentStatus::NotMet);
    }
}
