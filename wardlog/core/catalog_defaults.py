"""The catalog a new book starts with: the guideline's channels, topics, audiences and units.

Source: the city guideline (seed 003, parts II and III) and Resolution 76/NQ-CP, as summarised in
``shared/spec/domain.md``. Codes are stable identifiers used by files and imports; labels are
Vietnamese and may be renamed by the user.
"""

from __future__ import annotations

# (code, label)
CHANNEL_GROUPS: tuple[tuple[str, str], ...] = (
    ("truc_tiep", "Trực tiếp"),
    ("dai_chung", "Thông tin đại chúng"),
    ("truc_quan", "Trực quan"),
)

# (code, label)
UNITS: tuple[tuple[str, str], ...] = (
    ("cuoc", "cuộc"),
    ("cuoc_thi", "cuộc thi"),
    ("buoi", "buổi"),
    ("buoi_phat", "buổi phát"),
    ("tin_bai", "tin, bài"),
    ("bai_dang", "bài đăng"),
    ("luot", "lượt"),
    ("tam", "tấm"),
    ("to", "tờ"),
)

# (group, code, label, default unit)
CHANNELS: tuple[tuple[str, str, str, str], ...] = (
    ("truc_tiep", "hoi_nghi", "Lồng ghép tại hội nghị, cuộc họp, giao ban", "cuoc"),
    ("truc_tiep", "hop_dan", "Họp tổ dân phố, khu dân cư", "cuoc"),
    ("truc_tiep", "sinh_hoat", "Sinh hoạt chi bộ, MTTQ và các đoàn thể", "cuoc"),
    ("truc_tiep", "cuoc_thi", "Cuộc thi tìm hiểu", "cuoc_thi"),
    ("truc_tiep", "toa_dam", "Tọa đàm, đối thoại, tiếp xúc cử tri", "buoi"),
    ("truc_tiep", "mit_tinh", "Mít tinh, cổ động", "buoi"),
    ("dai_chung", "loa", "Hệ thống loa truyền thanh", "buoi_phat"),
    ("dai_chung", "bao_chi", "Báo chí, phát thanh, truyền hình", "tin_bai"),
    ("dai_chung", "cong_ttdt", "Cổng/Trang thông tin điện tử", "tin_bai"),
    ("dai_chung", "mang_xa_hoi", "Mạng xã hội (Zalo, Facebook…)", "bai_dang"),
    ("dai_chung", "ung_dung_so", "Ứng dụng số, tin nhắn", "luot"),
    ("truc_quan", "pano", "Panô, áp phích", "tam"),
    ("truc_quan", "khau_hieu", "Khẩu hiệu, băng rôn, phướn", "tam"),
    ("truc_quan", "to_roi", "Tờ rơi, tờ gấp, tài liệu, sổ tay", "to"),
    ("truc_quan", "bang_tin", "Bảng tin, bảng niêm yết công khai", "luot"),
    ("truc_quan", "man_hinh_led", "Màn hình LED", "luot"),
)

# (code, label)
TOPICS: tuple[tuple[str, str], ...] = (
    ("chu_truong", "Chủ trương, chính sách, chương trình, kế hoạch CCHC"),
    ("chi_dao", "Lãnh đạo, chỉ đạo, điều hành CCHC; đo lường sự hài lòng"),
    ("the_che", "Cải cách thể chế"),
    ("tthc", "Cải cách thủ tục hành chính; một cửa, một cửa liên thông"),
    ("bo_may", "Cải cách tổ chức bộ máy"),
    ("cong_vu", "Cải cách chế độ công vụ; kỷ luật, kỷ cương hành chính"),
    ("tai_chinh_cong", "Cải cách tài chính công"),
    ("chinh_quyen_so", "Chính quyền điện tử, chính quyền số, dịch vụ công trực tuyến"),
    ("dan_chu_co_so", "Thực hiện dân chủ ở cơ sở"),
    ("chi_so", "Kết quả các chỉ số PAR INDEX, SIPAS, PAPI, PCI"),
    ("mo_hinh", "Mô hình mới, cách làm hay, gương điển hình"),
    ("gop_y", "Ý kiến góp ý, phản ánh, kiến nghị và kết quả xử lý"),
)

# (code, label)
AUDIENCES: tuple[tuple[str, str], ...] = (
    ("can_bo", "Cán bộ, công chức, viên chức, người lao động"),
    ("dang_vien", "Đảng viên"),
    ("doan_vien", "Đoàn viên, hội viên"),
    ("nhan_dan", "Nhân dân"),
    ("doanh_nghiep", "Doanh nghiệp, tổ chức"),
)
