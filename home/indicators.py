"""The plan's indicators as residents read them: figures written the way each language writes them, and
bar charts drawn on the server as inline SVG (no script, no style attribute)."""

from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from portal import languages

# How each site language writes a quantity. The plan counts consultations (件), meetings a year (年4回),
# people (人) and shares (%).
UNIT_FORMATS = {
    "percent": {"default": "{n}%"},
    "cases": {
        "ja": "{n}件",
        "ja-easy": "{n}件",
        "zh-hans": "{n}件",
        "ko": "{n}건",
        "vi": "{n} lượt",
        "default": "{n} cases",
    },
    "times_per_year": {
        "ja": "年{n}回",
        "ja-easy": "1年に{n}回",
        "zh-hans": "每年{n}次",
        "ko": "연 {n}회",
        "vi": "{n} lần mỗi năm",
        "default": "{n} times a year",
    },
    "people": {
        "ja": "{n}人",
        "ja-easy": "{n}人",
        "zh-hans": "{n}人",
        "ko": "{n}명",
        "vi": "{n} người",
        "default": "{n} people",
    },
}

# Japanese fiscal years (April to March) in each language; Japanese uses the era name as the plan does.
FISCAL_YEAR_FORMATS = {
    "ja": "{era}年度",
    "ja-easy": "{year}年度（{era}年度）",
    "zh-hans": "{year}年度",
    "ko": "{year}년도",
    "vi": "năm tài chính {year}",
    "default": "FY{year}",
}

CHART_WIDTH = 320
"""The chart's drawing width in SVG units: at 13-unit text it stays readable on a 320-pixel phone screen."""
ROW_HEIGHT = 50
FONT_SIZE = 13
INK = "#1a1a1a"
BAR_COLOURS = {
    # fill, stroke: each at least 3:1 against white (WCAG 1.4.11); the target is drawn as an outline.
    "baseline": ("#595959", "#595959"),
    "current": ("#0b5394", "#0b5394"),
    "target": ("#ffffff", "#073763"),
}


def _language(language=None):
    return language or translation.get_language() or "ja"


def era_name(year):
    """令和 from fiscal 2019 (令和元年度), 平成 before it."""
    if year >= 2019:
        number = year - 2018
        return "令和" + ("元" if number == 1 else str(number))
    return "平成" + ("元" if year == 1989 else str(year - 1988))


def fiscal_year(year, language=None):
    if year is None:
        return ""
    language = _language(language)
    pattern = FISCAL_YEAR_FORMATS.get(language, FISCAL_YEAR_FORMATS["default"])
    return pattern.format(year=year, era=era_name(year))


def number(value, decimals=0, language=None):
    """`value` with `decimals` places and grouped thousands; Vietnamese swaps the separators."""
    text = f"{Decimal(value):,.{decimals}f}"
    if _language(language) == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def quantity(value, unit, decimals=0, language=None):
    if value is None:
        return ""
    language = _language(language)
    formats = UNIT_FORMATS.get(unit, {"default": "{n}"})
    return formats.get(language, formats["default"]).format(n=number(value, decimals, language))


def with_year(text, year, language=None):
    """ "86%（令和7年度）" in Japanese, "86% (FY2025)" elsewhere."""
    if not year:
        return text
    if languages.is_japanese(_language(language)):
        return f"{text}（{year}）"
    return f"{text} ({year})"


def text_width(text):
    """A generous estimate of how wide `text` is drawn at FONT_SIZE: wide (CJK) characters take a full em."""
    return sum(FONT_SIZE if ord(ch) >= 0x2E80 else FONT_SIZE * 0.62 for ch in text)


def figure_rows(indicator, language=None):
    """The indicator's figures in reading order: the plan's starting point (when a later value exists),
    the latest value, and the target. Each row has a role, a label, the value and its year in words."""
    language = _language(language)
    rows = []
    baseline_differs = indicator.baseline_value is not None and (
        (indicator.baseline_value, indicator.baseline_year) != (indicator.current_value, indicator.current_year)
    )
    if baseline_differs:
        rows.append(
            {
                "role": "baseline",
                "label": _("When the plan was made"),
                "value": indicator.baseline_value,
                "text": quantity(indicator.baseline_value, indicator.unit, indicator.decimals, language),
                "year": fiscal_year(indicator.baseline_year, language),
            }
        )
    rows.append(
        {
            "role": "current",
            "label": _("Latest figure"),
            "value": indicator.current_value,
            "text": quantity(indicator.current_value, indicator.unit, indicator.decimals, language),
            "year": fiscal_year(indicator.current_year, language),
        }
    )
    rows.append(
        {
            "role": "target",
            "label": _("Target"),
            "value": indicator.target_value,
            "text": quantity(indicator.target_value, indicator.unit, indicator.decimals, language)
            or indicator.target_text,
            "year": fiscal_year(indicator.target_year, language),
        }
    )
    for row in rows:
        row["display"] = with_year(row["text"], row["year"], language) if row["text"] else ""
    return rows


def spoken(row):
    """One figure as a sentence part: "Target: 90% (FY2029)"; a missing figure says so."""
    text = row["text"] or _("no figure yet")
    if row["year"]:
        return _("%(label)s: %(value)s (%(year)s)") % {"label": row["label"], "value": text, "year": row["year"]}
    return _("%(label)s: %(value)s") % {"label": row["label"], "value": text}


def chart(indicator, element_id, language=None):
    """Geometry for one indicator's bar chart, or None when the plan gives it no figure at all.

    Percentages are drawn on a 0–100 scale; counts on a scale up to the largest figure. A target in words
    (上昇, 減少) is written, not drawn.
    """
    language = _language(language)
    rows = figure_rows(indicator, language)
    values = [row["value"] for row in rows if row["value"] is not None]
    if not values and not any(row["text"] for row in rows):
        return None
    scale = Decimal(100) if indicator.unit == "percent" else max(values + [Decimal(0)])
    value_texts = [row["text"] or "—" for row in rows]
    bar_space = CHART_WIDTH - 2 - 8 - max(text_width(t) for t in value_texts)
    drawn = []
    for index, (row, value_text) in enumerate(zip(rows, value_texts, strict=True)):
        top = index * ROW_HEIGHT
        label = with_year(row["label"], row["year"], language)
        bar = None
        value_x = 2
        if row["value"] is not None and scale > 0:
            width = max(Decimal(2), Decimal(bar_space) * row["value"] / scale) if row["value"] > 0 else Decimal(0)
            fill, stroke = BAR_COLOURS[row["role"]]
            bar = {"x": 1, "y": top + 22, "width": round(float(width), 1), "height": 18, "fill": fill, "stroke": stroke}
            value_x = 1 + float(width) + 8
        drawn.append(
            {
                "label": label,
                "label_y": top + 15,
                "bar": bar,
                "value": value_text,
                "value_x": round(value_x, 1),
                "value_y": top + 36,
                "role": row["role"],
            }
        )
    description = "; ".join(spoken(row) for row in rows)
    if indicator.direction == "higher":
        description += ". " + _("A higher figure is better.")
    elif indicator.direction == "lower":
        description += ". " + _("A lower figure is better.")
    return {
        "id": element_id,
        "width": CHART_WIDTH,
        "height": len(rows) * ROW_HEIGHT,
        "font_size": FONT_SIZE,
        "ink": INK,
        "rows": drawn,
        "title": indicator.name,
        "description": description,
    }
