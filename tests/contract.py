"""Fixed points from CONTRACT.md that the tests hold the site to."""

PROGRAMS = [
    # (plan_name, departments, kinds)
    ("地域包括支援センターの運営", ["高齢者支援課"], ["consultation"]),
    ("障害者相談支援事業", ["障害者福祉課"], ["consultation"]),
    ("利用者支援事業", ["子ども家庭支援課", "保育支援課"], ["consultation"]),
    ("自立相談支援事業", ["生活福祉課"], ["consultation"]),
    ("福祉総合相談窓口", ["地域福祉推進課"], ["consultation"]),
    ("子どもと家庭の総合相談事業", ["子ども家庭支援課"], ["consultation"]),
    ("青少年総合相談事業", ["児童青少年課"], ["consultation"]),
    ("教育相談", ["教育部指導室"], ["consultation"]),
    ("ひとり親家庭自立支援相談事業", ["子育て応援課"], ["consultation"]),
    ("困難な問題を抱える女性等への支援事業", ["多様性社会推進課"], ["consultation"]),
    ("外国人相談事業", ["多様性社会推進課"], ["consultation"]),
    ("保健相談室", ["健康推進課"], ["consultation"]),
    (
        "地域福祉コーディネーター事業",
        ["地域福祉推進課", "府中市社会福祉協議会"],
        ["outreach", "participation", "community"],
    ),
    ("相談支援包括化推進員の配置", ["地域福祉推進課"], ["collaboration"]),
    ("支援会議の開催", ["地域福祉推進課"], ["collaboration"]),
    ("重層的支援会議の開催", ["地域福祉推進課"], ["collaboration"]),
    ("ひきこもりに関する支援", ["地域福祉推進課"], ["participation"]),
    ("居場所支援", ["教育部指導室"], ["participation"]),
    ("就労支援事業を中心とした就労支援体制", ["障害者福祉課"], ["participation"]),
    ("ひとり親家庭自立支援事業", ["子育て応援課"], ["participation"]),
    ("住宅確保要配慮者への居住支援", ["住宅課", "府中市居住支援協議会"], ["participation"]),
    ("地域介護予防活動支援事業", ["高齢者支援課"], ["community"]),
    ("生活支援体制整備事業", ["高齢者支援課"], ["community"]),
    ("地域活動支援センター事業", ["障害者福祉課"], ["community"]),
    ("地域子育て支援拠点事業", ["子ども家庭支援課", "保育支援課"], ["community"]),
    ("生活困窮者の共助の基盤づくり事業", ["地域福祉推進課"], ["community"]),
    ("地域での自主的な福祉活動の支援", ["府中市社会福祉協議会"], ["community"]),
    ("ボランティアセンター等の活用による多様な人材の確保・育成", ["府中市社会福祉協議会"], ["community"]),
    ("チームオレンジの推進", ["高齢者支援課"], ["community"]),
    ("地域子ども・子育て応援事業", ["子ども家庭支援課"], ["community"]),
    ("外国につながる児童・生徒の居場所事業", ["多様性社会推進課"], ["community"]),
    ("元気いっぱいサポーターの活動支援", ["健康推進課"], ["community"]),
]

AGES = ["pregnancy", "infant", "child", "youth", "adult", "senior"]
ATTRIBUTES = [
    "elderly-care",
    "dementia",
    "disability",
    "child-rearing",
    "single-parent",
    "poverty",
    "work",
    "housing",
    "isolation",
    "women",
    "foreign-resident",
    "health",
    "school",
    "carer",
    "community",
]
AREAS = [
    "chuo",
    "shiraitodai",
    "nishifu",
    "musashidai",
    "shinmachi",
    "sumiyoshi",
    "koremasa",
    "momijigaoka",
    "oshitate",
    "yotsuya",
    "katamachi",
]
KINDS = ["consultation", "participation", "community", "outreach", "collaboration", "place"]
LANGUAGES = ["ja", "ja-easy", "en", "zh-hans", "ko", "vi"]
HTML_LANG = {"ja": "ja", "ja-easy": "ja", "en": "en", "zh-hans": "zh-Hans", "ko": "ko", "vi": "vi"}
"""`<html lang>` of each site language: Easy Japanese is Japanese to a screen reader."""
HREFLANG = {"ja": "ja", "ja-easy": "ja-x-easy", "en": "en", "zh-hans": "zh-Hans", "ko": "ko", "vi": "vi"}
NAME_LOCAL = {
    "ja": "日本語",
    "ja-easy": "やさしい日本語",
    "en": "English",
    "zh-hans": "简体中文",
    "ko": "한국어",
    "vi": "Tiếng Việt",
}
"""How each language names itself in the switcher."""
OG_LOCALE = {"ja": "ja_JP", "ja-easy": "ja_JP", "en": "en_US", "zh-hans": "zh_CN", "ko": "ko_KR", "vi": "vi_VN"}
CITY_MAIN_PHONE = "042-364-4111"
CITY_MAIN_TEL = "tel:0423644111"
"""The main number as a phone dials it."""
# CONTRACT §5: the public numbers and where they belong, and the city's official site.
POLICE_TEL = "tel:110"
AMBULANCE_TEL = "tel:119"
CHILD_ABUSE_TEL = "tel:189"
DV_NAVI_TEL = "tel:%238008"
CITY_OFFICIAL_SITE = "https://www.city.fuchu.tokyo.jp/"
