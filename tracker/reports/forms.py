"""Forms of the report pages (Flask-WTF, so every one carries a CSRF token)."""

from flask_wtf import FlaskForm
from wtforms import RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from tracker.reports.models import ReportFormat
from tracker.reports.patterns import MAX_PATTERN_CHARS


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


class PatternForm(FlaskForm):
    body = StringField(
        "句式",
        validators=[
            DataRequired(message="句式不能为空"),
            Length(max=MAX_PATTERN_CHARS, message=f"句式最多{MAX_PATTERN_CHARS}字"),
        ],
    )


class ConfirmForm(FlaskForm):
    """A button that changes something and carries nothing but its CSRF token (恢复默认, 结转)."""
