"""How a progress report reads: the draft card, the saved result, and its buttons."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from core.progress import ProgressDraft, ProgressResult
from db.enums import ProjectStage
from handlers.progress.callbacks import ProgressAction, ProgressButton
from handlers.shared.i18n import Safe, quote, t
from handlers.shared.render import issue_code, keyboard, label, milestone, money


def draft_card(draft: ProgressDraft) -> Safe:
    lines = [t("progress.card.title", project=draft.project_name)]
    if draft.stage is not None:
        before = label(ProjectStage(draft.stage_before)) if draft.stage_before else Safe("-")
        lines.append(t("progress.card.stage", before=before, after=label(ProjectStage(draft.stage))))
    if draft.percent is not None:
        lines.append(t("progress.card.percent", percent=draft.percent))
    if draft.funds_total_wan is not None:
        lines.append(
            t(
                "progress.card.funds",
                total=money(draft.funds_total_wan),
                before=money(draft.funds_before_wan),
                delta=money(draft.funds_total_wan - draft.funds_before_wan),
            )
        )
    if draft.signed_total_wan is not None:
        lines.append(
            t(
                "progress.card.signed",
                total=money(draft.signed_total_wan),
                delta=money(draft.signed_total_wan - draft.signed_before_wan),
            )
        )
    if draft.signed_on is not None and draft.signed_total_wan is not None:
        lines.append(t("progress.card.signed_on", date=draft.signed_on))
    if draft.landed_total_wan is not None:
        when = t("progress.card.landed_on", date=draft.landed_on) if draft.landed_on else ""
        lines.append(
            t(
                "progress.card.landed",
                total=money(draft.landed_total_wan),
                delta=money(draft.landed_total_wan - draft.landed_before_wan),
                when=when,
            )
        )
    if draft.completed_total_wan is not None:
        lines.append(
            t(
                "progress.card.completed",
                total=money(draft.completed_total_wan),
                before=money(draft.completed_before_wan),
                delta=money(draft.completed_total_wan - draft.completed_before_wan),
            )
        )
    if draft.milestone_id is not None and draft.milestone_kind is not None and draft.milestone_done_on:
        done = milestone(draft.milestone_kind, draft.milestone_name)
        lines.append(t("progress.card.milestone", milestone=done, date=draft.milestone_done_on))
    elif draft.ask_milestone_id is not None and draft.ask_milestone_kind is not None:
        asked = milestone(draft.ask_milestone_kind, draft.ask_milestone_name)
        lines.append(t("progress.card.ask_milestone", milestone=asked, date=draft.ask_milestone_on))
    elif draft.milestone_unmatched is not None:
        lines.append(t("progress.card.unmatched", said=draft.milestone_unmatched))
    for code, words in draft.questions:
        lines.append(t(f"progress.card.question.{code}", words=words))
    if draft.problems:
        items = "\n".join(f"{i}. {quote(p)}" for i, p in enumerate(draft.problems, start=1))
        lines.append(t("progress.card.problems", items=Safe(items)))
    if draft.photos:
        lines.append(t("progress.card.photos", count=len(draft.photos)))
    if draft.text:
        lines.append(t("progress.card.text", text=draft.text))
    if draft.empty:
        lines.append(t("progress.card.empty"))
    lines.append(t("progress.card.hint"))
    return Safe("\n".join(lines))


def result_text(draft: ProgressDraft, result: ProgressResult) -> Safe:
    lines = [t("progress.saved", project=result.project_name)]
    if draft.funds_total_wan is not None:
        lines.append(t("progress.saved.funds", total=money(result.funds_total_wan)))
    if draft.completed_total_wan is not None:
        lines.append(t("progress.saved.completed", total=money(draft.completed_total_wan)))
    if draft.stage is not None:
        lines.append(t("progress.saved.stage", stage=label(ProjectStage(result.stage))))
    if result.milestone_done and draft.milestone_kind is not None:
        lines.append(
            t(
                "progress.saved.milestone",
                milestone=milestone(draft.milestone_kind, draft.milestone_name),
            )
        )
    for issue in result.issues:
        lines.append(t("progress.saved.issue", code=issue_code(issue.number, issue.year)))
    return Safe("\n".join(lines))


def confirm_keyboard(project_id: int, ask: bool = False) -> InlineKeyboardMarkup:
    """[确认] [修改] [取消]; with the card's milestone question, [是，已完成] [否] first."""
    if ask:
        kb = InlineKeyboardBuilder()
        for action, key in (
            (ProgressAction.MARK_YES, "progress.btn.mark_yes"),
            (ProgressAction.MARK_NO, "progress.btn.mark_no"),
        ):
            kb.button(text=t(key), callback_data=ProgressButton(action=action, project_id=project_id))
        for action, key in (
            (ProgressAction.CONFIRM, "pj.btn.confirm"),
            (ProgressAction.EDIT, "pj.btn.edit"),
            (ProgressAction.CANCEL, "pj.btn.cancel"),
        ):
            kb.button(text=t(key), callback_data=ProgressButton(action=action, project_id=project_id))
        kb.adjust(2, 3)
        return kb.as_markup()
    return keyboard(
        *(
            (key, ProgressButton(action=action, project_id=project_id))
            for action, key in (
                (ProgressAction.CONFIRM, "pj.btn.confirm"),
                (ProgressAction.EDIT, "pj.btn.edit"),
                (ProgressAction.CANCEL, "pj.btn.cancel"),
            )
        ),
        width=3,
    )


def choice_keyboard(project_id: int, *pairs: tuple[str, ProgressAction, str]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for text, action, value in pairs:
        kb.button(text=text, callback_data=ProgressButton(action=action, project_id=project_id, value=value))
    kb.adjust(2)
    return kb.as_markup()
