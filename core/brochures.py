"""Project brochures (一个项目一本推介手册): the office attaches files, cadres find and forward them.

Files stay on Telegram: only their file_id is stored, and they are sent again by it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from core.clock import Clock
from core.errors import Forbidden, Invalid, NotFound
from core.roles import is_office
from db.database import Database
from db.enums import AttachmentKind
from db.models import Attachment, Person, Project

BROCHURE_SUFFIXES = frozenset({".pdf", ".ppt", ".pptx", ".doc", ".docx", ".jpg", ".jpeg", ".png", ".webp"})
BROCHURE_MIME_PREFIXES = (
    "application/pdf",
    "image/",
    "application/vnd.ms-powerpoint",
    "application/msword",
    "application/vnd.openxmlformats-officedocument",
)
MAX_FILES_PER_PROJECT = 20
MAX_RESULTS = 10


@dataclass(frozen=True)
class NewFile:
    kind: AttachmentKind
    file_id: str
    file_unique_id: str | None = None
    file_name: str | None = None
    mime_type: str | None = None


@dataclass(frozen=True)
class BrochureFile:
    id: int
    kind: AttachmentKind
    file_id: str
    file_name: str | None


@dataclass(frozen=True)
class BrochureProject:
    project_id: int
    name: str
    industry: str | None
    park: str | None
    files: int


@dataclass(frozen=True)
class Added:
    project_id: int
    project: str
    files: int  # how many the project has now
    duplicate: bool = False


def acceptable(file: NewFile) -> bool:
    if file.kind == AttachmentKind.PHOTO:
        return True
    suffix = PurePosixPath(file.file_name or "").suffix.lower()
    mime = (file.mime_type or "").lower()
    return suffix in BROCHURE_SUFFIXES or mime.startswith(BROCHURE_MIME_PREFIXES)


class BrochureService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def project_named(self, actor: Person, name: str) -> Project:
        """The project an office member names (exact name, else the one project containing it)."""
        if not is_office(actor):
            raise Forbidden()
        wanted = name.strip()
        if not wanted:
            raise Invalid("brochure.add_usage")
        async with self.db.transaction() as tx:
            found = list(await tx.projects.named(wanted)) or list(await tx.projects.search(wanted, limit=5))
        found = [p for p in found if wanted in p.name] or found
        if not found:
            raise NotFound("project.not_found", name=wanted)
        if len(found) > 1:
            raise Invalid("project.ambiguous", name=wanted, count=len(found))
        return found[0]

    async def add(self, actor: Person, project_id: int, file: NewFile) -> Added:
        if not is_office(actor):
            raise Forbidden()
        if not acceptable(file):
            raise Invalid("brochure.bad_type", name=file.file_name or "?")
        async with self.db.transaction() as tx:
            project = await tx.projects.get(project_id)
            if project is None or project.archived:
                raise NotFound()
            existing = await tx.projects.brochures(project.id)
            if file.file_unique_id and await tx.projects.has_brochure_file(project.id, file.file_unique_id):
                return Added(project.id, project.name, len(existing), duplicate=True)
            if len(existing) >= MAX_FILES_PER_PROJECT:
                raise Invalid("brochure.too_many", limit=MAX_FILES_PER_PROJECT)
            await tx.projects.add_brochure(
                Attachment(
                    kind=file.kind,
                    file_id=file.file_id,
                    file_unique_id=file.file_unique_id,
                    file_name=file.file_name,
                    mime_type=file.mime_type,
                    project_id=project.id,
                    uploaded_by_id=actor.id,
                    created_at=self.clock.now(),
                )
            )
            tx.audit.record("brochure.add", "project", project.id, actor_id=actor.id, file=file.file_name)
            return Added(project.id, project.name, len(existing) + 1)

    async def search(self, actor: Person, text: str) -> list[BrochureProject]:
        """Projects with a brochure whose name, industry or park contains ``text``."""
        if not actor.active:
            raise Forbidden()
        wanted = text.strip()
        if not wanted:
            raise Invalid("brochure.search_usage")
        async with self.db.transaction() as tx:
            projects = list(await tx.projects.search(wanted, limit=50))
            counts = await tx.projects.brochure_counts(p.id for p in projects)
            park_names: dict[int, str] = {}
            for park_id in {p.park_id for p in projects if p.park_id is not None}:
                park = await tx.projects.park(park_id)
                if park is not None:
                    park_names[park_id] = park.name
        found = [
            BrochureProject(
                p.id,
                p.name,
                p.industry,
                park_names.get(p.park_id) if p.park_id is not None else None,
                counts[p.id],
            )
            for p in projects
            if counts.get(p.id)
        ]
        return found[:MAX_RESULTS]

    async def files(self, actor: Person, project_id: int) -> tuple[str, list[BrochureFile]]:
        if not actor.active:
            raise Forbidden()
        async with self.db.transaction() as tx:
            project = await tx.projects.get(project_id)
            if project is None or project.archived:
                raise NotFound()
            files = [
                BrochureFile(a.id, a.kind, a.file_id, a.file_name)
                for a in await tx.projects.brochures(project.id)
            ]
        if not files:
            raise NotFound("brochure.none", name=project.name)
        return project.name, files
