"""Forms of the report pages (Flask-WTF, so every one carries a CSRF token)."""

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from tracker.reports.models import ReportFormat
from tracker.reports.wording_store import MAX_TEMPLATE_CHARS


class GenerateForm(FlaskForm):
    format = RadioField(
        "格式",
        choices=[
            SelectChoice(ReportFormat.DOCX.value, "Word（.docx，公文格式）"),
            SelectChoice(ReportFormat.MARKDOWN.value, "Markdown"),
        ],
        default=ReportFormat.DOCX.value,
        validators=[DataRequired(message="请选择格式")],
    )


class WordingForm(FlaskForm):
    category = StringField("适用类别（留空为全部）", validators=[Length(max=50, message="类别最多50字")])
    body = TextAreaField(
        "模板",
        validators=[
            DataRequired(message="模板不能为空"),
            Length(max=MAX_TEMPLATE_CHARS, message=f"模板最多{MAX_TEMPLATE_CHARS}字"),
        ],
    )


class ConfirmForm(FlaskForm):
    """A button that changes something and carries nothing but its CSRF token (恢复默认, 结转)."""
