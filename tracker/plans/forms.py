"""Forms of the plan pages (Flask-WTF, so each carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from tracker.plans.parsing import CATEGORIES
from tracker.tasks.models import INDICATOR_KIND_WORDS

EVERY_CHOICES = [
    SelectChoice(value, label)
    for value, label in (
        ("", "不重复"),
        ("week", "每周"),
        ("month", "每月"),
        ("quarter", "每季度"),
        ("term", "每学期"),
        ("half_year", "每半年"),
        ("year", "每年"),
    )
]


class UploadForm(FlaskForm):
    document = FileField("计划文件（.txt、.docx、.xlsx 或 .pdf）")
    text = TextAreaField("或粘贴计划文字", validators=[Optional(), Length(max=2_000_000)])
    year = IntegerField("计划年度（可不填，自动识别）", validators=[Optional(), NumberRange(2000, 2100)])


class ItemForm(FlaskForm):
    title = StringField("标题", validators=[DataRequired("请填写标题"), Length(max=300)])
    category = SelectField(
        "类别",
        choices=[SelectChoice(name) for name in CATEGORIES],
        invalid_choice_message="请选择列表中的类别。",
    )
    lead_units = StringField("牵头单位", validators=[Length(max=500)])
    support_units = StringField("配合单位", validators=[Length(max=500)])
    owner_id = SelectField(
        "责任人", coerce=int, default=0, validate_choice=False, invalid_value_message="请从列表中选择责任人。"
    )
    """Checked against the active users when saved, not against the choices shown."""
    deadline = DateField("完成时限", validators=[Optional()])
    every = SelectField(
        "周期", choices=EVERY_CHOICES, default="", invalid_choice_message="请选择列表中的周期。"
    )
    ongoing = BooleanField("长期坚持（每季度检查）")


class SplitForm(FlaskForm):
    at = StringField("第二项从这句话开始", validators=[DataRequired("请填写拆分位置"), Length(max=200)])


class AddItemForm(FlaskForm):
    title = StringField("新事项", validators=[DataRequired("请填写新事项的标题"), Length(max=300)])
    parent_id = IntegerField(validators=[Optional()])


KIND_CHOICES = [SelectChoice(kind.value, word) for kind, word in INDICATOR_KIND_WORDS.items()]


class IndicatorForm(FlaskForm):
    name = StringField("指标名称", validators=[Length(max=200)])
    unit = StringField("单位", validators=[Length(max=20)])
    kind = SelectField("类型", choices=KIND_CHOICES, validate_choice=False)
    """Checked when saved; left out (an older client), the kind the baseline's wording proposes."""
    target = DecimalField("目标值", places=None, validators=[Optional()])
    baseline_id = SelectField(
        "上年度基线",
        coerce=int,
        default=0,
        invalid_value_message="请从列表中选择基线。",
        invalid_choice_message="请从列表中选择基线。",
    )


class PlanYearForm(FlaskForm):
    year = IntegerField(
        "计划年度",
        validators=[
            InputRequired("请填写计划年度"),
            NumberRange(2000, 2100, "计划年度须在 2000 至 2100 之间。"),
        ],
    )


class SkippedForm(FlaskForm):
    """作为事项加入: which skipped stretch, by its span in the source text."""

    start = IntegerField(validators=[InputRequired(), NumberRange(0)])
    end = IntegerField(validators=[InputRequired(), NumberRange(0)])


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""
