use super::*;

#[test]
fn outputs_split_on_bullets() {
    assert_eq!(
        split_outputs("- Thành lập đoàn kiểm tra - Thực hiện kiểm tra"),
        ["Thành lập đoàn kiểm tra", "Thực hiện kiểm tra"]
    );
    assert_eq!(split_outputs("Trung tâm GDNN - GDTX"), ["Trung tâm GDNN - GDTX"]);
    assert_eq!(split_outputs("Kế hoạch\nCông văn"), ["Kế hoạch", "Công văn"]);
}
