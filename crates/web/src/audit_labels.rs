//! What each audited action is called on the audit page: officials read "Nộp báo cáo", not
//! `report.submit`. Unknown codes fall back to their area's name and the code itself.

/// (code, Vietnamese label) of every action cchc writes to the audit log.
pub const ACTIONS: &[(&str, &str)] = &[
    ("user.login", "Đăng nhập"),
    ("user.logout", "Đăng xuất"),
    ("user.create", "Tạo tài khoản"),
    ("user.update", "Sửa tài khoản"),
    ("user.password", "Đổi mật khẩu"),
    ("unit.create", "Thêm đơn vị"),
    ("unit.update", "Sửa đơn vị"),
    ("unit.change", "Sắp xếp, đổi tên đơn vị"),
    ("unit.end", "Chấm dứt hoạt động đơn vị"),
    ("unit.contact", "Sửa đầu mối liên hệ"),
    ("plan.import", "Nhập kế hoạch, văn bản"),
    ("plan.revise", "Nhập bản sửa đổi văn bản"),
    ("plan.supersede", "Thay thế văn bản"),
    ("import.draft", "Lưu bản nháp nhập văn bản"),
    ("unit_plan.link", "Liên kết nhiệm vụ kế hoạch đơn vị với nhiệm vụ của tỉnh"),
    ("import.edit", "Sửa bản nháp nhập văn bản"),
    ("import.discard", "Bỏ bản nháp nhập văn bản"),
    ("task.event", "Cập nhật nhiệm vụ"),
    ("task.reassign", "Chuyển nhiệm vụ sang đơn vị kế thừa"),
    ("task.due_move", "Dời hạn theo lịch ngày làm việc"),
    ("target.value", "Ghi số liệu chỉ tiêu"),
    ("report.save", "Lưu báo cáo"),
    ("report.file", "Đính kèm tệp báo cáo"),
    ("report.submit", "Nộp báo cáo"),
    ("report.return", "Trả lại báo cáo"),
    ("report.accept", "Chấp nhận báo cáo"),
    ("report.send_for_signoff", "Trình lãnh đạo đơn vị ký duyệt báo cáo"),
    ("report.signoff", "Lãnh đạo đơn vị ký duyệt báo cáo"),
    ("report.send_back", "Lãnh đạo đơn vị trả lại báo cáo"),
    ("adhoc.create", "Yêu cầu báo cáo đột xuất"),
    ("tracking.config", "Sửa cấu hình theo dõi"),
    ("setting.update", "Sửa thiết lập"),
    ("workdays.save", "Sửa lịch ngày làm việc"),
    ("target.indicator", "Liên kết chỉ tiêu với Chỉ số 766"),
    ("notification.read", "Đọc thông báo"),
    ("notification.read_all", "Đọc tất cả thông báo"),
    ("job.claim", "Tác vụ định kỳ chạy"),
    ("kpi.catalogue.import", "Nhập danh mục thủ tục (766)"),
    ("kpi.unit_codes.import", "Nhập mã đơn vị (766)"),
    ("kpi.dossiers.import", "Nhập hồ sơ (766)"),
    ("kpi.portal.import", "Nhập số liệu Cổng DVC (766)"),
    ("kpi.methodology.save", "Sửa phương pháp chấm 766"),
    ("par.set.save", "Lưu bộ tiêu chí Chỉ số CCHC"),
    ("par.bands.save", "Lưu mức xếp loại Chỉ số CCHC"),
    ("par.owner_status.save", "Báo cáo quý tiêu chí Chỉ số CCHC của tỉnh"),
    ("par.round.create", "Mở đợt đánh giá Chỉ số CCHC"),
    ("par.round.approve", "Phê duyệt kết quả Chỉ số CCHC"),
    ("par.assign", "Phân công thẩm định"),
    ("par.assign_areas", "Phân công thẩm định theo lĩnh vực"),
    ("par.self_score", "Tự chấm điểm"),
    ("par.evidence", "Nộp tài liệu kiểm chứng"),
    ("par.evidence_link", "Dẫn chiếu tài liệu kiểm chứng"),
    ("par.appraise", "Thẩm định điểm"),
    ("par.explain", "Giải trình"),
    ("par.revise", "Điều chỉnh điểm"),
    ("sipas.questionnaire.save", "Lưu bảng hỏi SIPAS"),
    ("sipas.campaign.create", "Mở đợt khảo sát SIPAS"),
    ("sipas.responses", "Ghi phiếu khảo sát"),
    ("sipas.rejected", "Phiếu khảo sát bị loại"),
    ("public.publish", "Công khai kết quả"),
    ("public.supersede", "Thay bản công khai"),
    ("public.unpublish", "Gỡ bản công khai"),
    ("demo.generate", "Tạo dữ liệu mẫu"),
    ("inspection.checklist", "Lưu bộ câu hỏi kiểm tra"),
    ("inspection.plan", "Lập kế hoạch kiểm tra"),
    ("inspection.record", "Ghi kết quả kiểm tra"),
    ("inspection.close", "Kết thúc cuộc kiểm tra"),
    ("finding.raise", "Ghi kiến nghị"),
    ("initiative.criteria", "Lưu bộ tiêu chí đánh giá sáng kiến"),
    ("initiative.create", "Đề xuất sáng kiến"),
    ("initiative.edit", "Sửa sáng kiến"),
    ("initiative.submit", "Gửi sáng kiến"),
    ("initiative.return", "Trả lại sáng kiến để hoàn thiện"),
    ("initiative.evaluate", "Đưa sáng kiến ra đánh giá"),
    ("initiative.assign", "Phân công chấm điểm sáng kiến"),
    ("initiative.score", "Chấm điểm sáng kiến"),
    ("initiative.decide", "Quyết định công nhận sáng kiến"),
    ("initiative.adopt", "Khai báo áp dụng sáng kiến"),
    ("finding.progress", "Báo cáo tiến độ khắc phục"),
    ("finding.contribute", "Phối hợp khắc phục"),
    ("finding.done", "Báo cáo đã khắc phục"),
    ("finding.resolve", "Công nhận đã khắc phục"),
    ("finding.return", "Trả lại báo cáo khắc phục"),
    ("finding.waive", "Miễn thực hiện kiến nghị"),
    ("token.create", "Tạo khóa truy cập API"),
    ("token.revoke", "Thu hồi khóa truy cập API"),
    ("notify.escalation", "Chuyển cấp nhiệm vụ quá hạn"),
    ("notify.task_reminder", "Nhắc nhở thực hiện nhiệm vụ"),
];

/// The areas, for the page's filter: (code prefix, label).
pub const AREAS: &[(&str, &str)] = &[
    ("user.", "Tài khoản, đăng nhập"),
    ("unit.", "Đơn vị"),
    ("plan.", "Kế hoạch, văn bản"),
    ("import.", "Nhập văn bản"),
    ("task.", "Nhiệm vụ"),
    ("target.", "Chỉ tiêu"),
    ("report.", "Báo cáo định kỳ"),
    ("adhoc.", "Báo cáo đột xuất"),
    ("kpi.", "Chỉ số 766"),
    ("par.", "Chỉ số CCHC"),
    ("sipas.", "Khảo sát SIPAS"),
    ("public.", "Công khai"),
    ("setting.", "Thiết lập"),
    ("workdays.", "Lịch ngày làm việc"),
    ("notification.", "Thông báo"),
    ("job.", "Tác vụ định kỳ"),
    ("inspection.", "Kiểm tra CCHC"),
    ("finding.", "Kiến nghị sau kiểm tra"),
    ("initiative.", "Sáng kiến CCHC"),
    ("token.", "Khóa truy cập API"),
    ("notify.", "Chuyển cấp, nhắc việc"),
];

/// The label of an action code.
pub fn label(code: &str) -> String {
    if let Some((_, l)) = ACTIONS.iter().find(|(c, _)| *c == code) {
        return (*l).to_string();
    }
    match AREAS.iter().find(|(p, _)| code.starts_with(p)) {
        Some((_, area)) => format!("{area} ({code})"),
        None => code.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_as_words() {
        assert_eq!(label("report.submit"), "Nộp báo cáo");
        assert_eq!(label("par.something_new"), "Chỉ số CCHC (par.something_new)");
        assert_eq!(label("odd"), "odd");
    }

    /// Every action the storage layer writes has a label (a new one fails here).
    #[test]
    fn every_written_action_has_a_label() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../storage/src/backend/shared");
        let mut missing = Vec::new();
        for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{e}")).flatten() {
            let text = std::fs::read_to_string(e.path()).unwrap_or_default();
            for chunk in text.split("event(\"").skip(1) {
                let code = chunk.split('"').next().unwrap_or("");
                if !ACTIONS.iter().any(|(c, _)| *c == code) {
                    missing.push(code.to_string());
                }
            }
        }
        assert!(missing.is_empty(), "actions without a label: {missing:?}");
    }
}
