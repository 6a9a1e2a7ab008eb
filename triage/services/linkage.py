"""Writes to the linkage tables (decision 0026): the indexing job (`linkage_run`, decision 0027), its
sweeps, and the purge after a run. Not re-exported by triage.services: import it by its module
path, from the linkage job, the worker and the clerical review only. The linkage core (pandas,
Splink) is imported when a run starts, not by the worker's parent."""

import logging
from collections.abc import Hashable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from triage.lib import identifiers
from triage.models import AuditAction, LinkageRun, LinkageRunStatus, PartnerUpload, Person, UploadStatus, User
from triage.models.linkage import LinkageIdentifier, PaceId, PersonPaceId, ReviewDecision, ReviewPair, new_pace_id
from triage.services.audit import audit_record


@transaction.atomic
def linkage_identifiers_purge(*, upload: PartnerUpload, acting_user: User) -> int:
    """Blank every linkage field of the upload's rows once its run is finished and reviewed: the NI
    hash, names, date of birth and postcode go; only the record id and its PACE ID stay. Returns
    how many rows were blanked; a second call blanks none and records nothing."""
    locked = PartnerUpload.objects.select_for_update().get(pk=upload.pk)
    if locked.identifiers_purged_at is not None:
        return 0
    blanked = LinkageIdentifier.objects.filter(upload=locked).update(
        ni_hash="", given_name="", family_name="", date_of_birth=None, postcode=""
    )
    locked.identifiers_purged_at = timezone.now()
    locked.save(update_fields=["identifiers_purged_at"])
    upload.identifiers_purged_at = locked.identifiers_purged_at
    audit_record(
        acting_user=acting_user,
        action=AuditAction.LINKAGE_IDENTIFIERS_PURGED,
        detail=f"upload {locked.pk}: {blanked} rows",
    )
    return blanked


# -- the indexing job (decision 0027, "Django side") ---------------------------------------------

logger = logging.getLogger(__name__)

STAGE_PERCENT = {"reading": 5, "exact": 20, "probabilistic": 40, "registry": 80}
PACE_SOURCE = "pace"  # triage.linkage.records.PACE, the source of PACE's own people
DEAD_WORKER = "The linking stopped: its worker ended before it finished. PACE will start it again."
FAILED = "The linking failed unexpectedly. PACE has been told and will start it again."


class LinkageRunCancelled(RuntimeError):
    """The run was marked failed (by the sweep) while it ran."""


def linkage_settings() -> Any:
    """settings.LINKAGE (a dict of triage.linkage.link.LinkageSettings fields), or the defaults."""
    from triage.linkage.link import LinkageSettings

    return LinkageSettings(**getattr(settings, "LINKAGE", {}))


def reusable_model() -> str:
    """The model the latest finished run saved, or "" (the next run trains one)."""
    finished = LinkageRun.objects.filter(status=LinkageRunStatus.FINISHED)
    run = finished.exclude(model_json__in=["", "{}"]).order_by("-finished_at")
    return run.values_list("model_json", flat=True).first() or ""


def _progress(run_id: int, stage: str) -> None:
    changed = LinkageRun.objects.filter(pk=run_id, status=LinkageRunStatus.RUNNING).update(
        stage=stage, percent=STAGE_PERCENT.get(stage, 0), progress_at=timezone.now()
    )
    if not changed:
        raise LinkageRunCancelled(f"linkage run {run_id} is no longer running")


def linkage_run(*, upload_id: int) -> None:
    """Link the upload's rows to PACE's people and to every earlier upload still held, give each
    cluster a PACE ID from the registry, store the counts and the pairs for review. The upload's
    queued run is started here; a run that fails is marked failed with a reason."""
    run = LinkageRun.objects.filter(upload_id=upload_id, status=LinkageRunStatus.QUEUED).order_by("pk").first()
    if run is None:
        return  # already run, or swept
    now = timezone.now()
    if not LinkageRun.objects.filter(pk=run.pk, status=LinkageRunStatus.QUEUED).update(
        status=LinkageRunStatus.RUNNING, started_at=now, progress_at=now, stage="reading", percent=5
    ):
        return
    try:
        _link_upload(run.pk, upload_id)
    except LinkageRunCancelled:
        return
    except Exception:
        logger.exception("linkage run %s failed", run.pk)
        _mark_failed(run.pk, FAILED)
        raise


def _pace_records(key: bytes) -> list[Any]:
    from triage.linkage.records import PACE, IdentifierRecord

    records = []
    hash_ni = identifiers.ni_hasher(key=key)
    people = Person.objects.values_list("pk", "given_name", "family_name", "date_of_birth", "postcode", "ni_number")
    for pk, given, family, born, postcode, ni in people.iterator(chunk_size=5000):
        stem = identifiers.ni_stem(ni) if ni else None
        records.append(
            IdentifierRecord(
                unique_id=f"p{pk}",
                source_dataset=PACE,
                record_id=str(pk),
                ni_hash=hash_ni(stem) if stem else None,
                given_name=given,
                family_name=family,
                date_of_birth=born,
                postcode=postcode,
            )
        )
    return records


def _partner_records(upload: PartnerUpload) -> list[Any]:
    """The upload's rows and every earlier upload's rows whose linkage fields are still held."""
    from triage.linkage.records import IdentifierRecord, partner_source

    rows = LinkageIdentifier.objects.filter(
        Q(upload=upload) | Q(upload__identifiers_purged_at__isnull=True, upload__pk__lt=upload.pk)
    ).values_list(
        "pk",
        "upload_id",
        "upload__organisation__partner__abbreviation",
        "record_id",
        "ni_hash",
        "given_name",
        "family_name",
        "date_of_birth",
        "postcode",
    )
    return [
        IdentifierRecord(
            unique_id=f"u{pk}",
            source_dataset=partner_source(code, upload=upload_id),
            record_id=record_id,
            ni_hash=ni or None,
            given_name=given,
            family_name=family,
            date_of_birth=born,
            postcode=postcode,
        )
        for pk, upload_id, code, record_id, ni, given, family, born, postcode in rows.iterator(chunk_size=5000)
    ]


def _link_upload(run_id: int, upload_id: int) -> None:
    from triage.linkage.link import link
    from triage.linkage.records import records_frame
    from triage.linkage.registry import assign_pace_ids
    from triage.services.partners import linkage_key

    upload = PartnerUpload.objects.select_related("organisation__partner", "uploaded_by").get(pk=upload_id)
    key = linkage_key()
    frame = records_frame([*_pace_records(key), *_partner_records(upload)])
    model = reusable_model()
    result = link(
        frame, settings=linkage_settings(), model=model or None, on_stage=lambda stage: _progress(run_id, stage)
    )
    _progress(run_id, "registry")
    ours = set(LinkageIdentifier.objects.filter(upload=upload).values_list("pk", flat=True))
    our_ids = {f"u{pk}" for pk in ours}

    # The registry: every record already holding a PACE ID, an upload's row or one of PACE's people.
    registry: dict[Hashable, str] = {}
    for pk, token in LinkageIdentifier.objects.filter(pace_id__isnull=False).values_list("pk", "pace_id__token"):
        registry[f"u{pk}"] = token
    for person_id, token in PersonPaceId.objects.values_list("person_id", "pace_id__token"):
        registry[f"p{person_id}"] = token
    issued_order = dict(PaceId.objects.values_list("token", "pk"))
    # Only clusters holding a partner's row get a PACE ID; PACE's people alone need none.
    clusters = [members for members in result.cluster_members().values() if any(m.startswith("u") for m in members)]
    assignment = assign_pace_ids(clusters, registry, issued_order=issued_order, new_id=new_pace_id)

    linked = result.pairs[result.pairs["linked"]]
    exact_ids = _ids_in(linked[linked["method"] == "ni"])
    splink_ids = _ids_in(linked[linked["method"] == "splink"]) - exact_ids
    review_ids = _ids_in(result.review) - exact_ids - splink_ids
    counts = {
        "matched_exactly": len(our_ids & exact_ids),
        "matched_probabilistically": len(our_ids & splink_ids),
        "sent_to_review": len(our_ids & review_ids),
    }
    counts["unmatched"] = len(our_ids) - sum(counts.values())

    fields = frame.set_index("unique_id")
    with transaction.atomic():
        if not LinkageRun.objects.select_for_update().filter(pk=run_id, status=LinkageRunStatus.RUNNING).exists():
            raise LinkageRunCancelled(f"linkage run {run_id} is no longer running")
        PaceId.objects.bulk_create([PaceId(token=token) for token in assignment.issued], batch_size=2000)
        pks = dict(PaceId.objects.filter(token__in=set(assignment.pace_ids.values())).values_list("token", "pk"))
        changed = [
            LinkageIdentifier(pk=int(str(uid)[1:]), pace_id_id=pks[token])
            for uid, token in assignment.pace_ids.items()
            if str(uid).startswith("u") and registry.get(str(uid)) != token
        ]
        LinkageIdentifier.objects.bulk_update(changed, ["pace_id"], batch_size=2000)
        for uid, token in assignment.pace_ids.items():
            if str(uid).startswith("p") and registry.get(str(uid)) != token:
                PersonPaceId.objects.update_or_create(person_id=int(str(uid)[1:]), defaults={"pace_id_id": pks[token]})
        ReviewPair.objects.bulk_create(
            [
                _review_pair(run_id, pair, fields)
                for pair in result.review.itertuples(index=False)
                if pair.unique_id_l in our_ids or pair.unique_id_r in our_ids
            ],
            batch_size=2000,
        )
        PartnerUpload.objects.filter(pk=upload.pk).update(status=UploadStatus.LINKED, **counts)
        LinkageRun.objects.filter(pk=run_id).update(
            status=LinkageRunStatus.FINISHED,
            stage="",
            percent=100,
            finished_at=timezone.now(),
            progress_at=timezone.now(),
            # Saved only when there is one: with a single source Splink had nothing to train on.
            model_json=model or (result.model_json if result.model else ""),
            model_trained=not model and bool(result.model),
        )
        audit_record(  # the uploader's file, linked by the job
            acting_user=upload.uploaded_by,
            action=AuditAction.LINKAGE_RUN_FINISHED,
            detail=f"upload {upload.pk}, run {run_id} (job): "
            + ", ".join(f"{name} {value}" for name, value in counts.items()),
        )
    logger.info("linkage run %s finished: %s", run_id, counts)


def _ids_in(pairs: Any) -> set[str]:
    return set(pairs["unique_id_l"]) | set(pairs["unique_id_r"])


def _side(uid: str, fields: Any) -> dict[str, str]:
    row = fields.loc[uid]
    return {
        "source": str(row["source_dataset"]),
        "record": str(row["record_id"]),
        "given_name": row["given_name"] or "",
        "family_name": row["family_name"] or "",
        "date_of_birth": row["date_of_birth"] or "",
        "postcode": row["postcode"] or "",
    }


def _review_pair(run_id: int, pair: Any, fields: Any) -> ReviewPair:
    left, right = _side(pair.unique_id_l, fields), _side(pair.unique_id_r, fields)
    return ReviewPair(
        run_id=run_id,
        match_probability=float(pair.match_probability),
        **{f"left_{name}": value for name, value in left.items()},
        **{f"right_{name}": value for name, value in right.items()},
    )


def _mark_failed(run_id: int, message: str) -> int:
    return LinkageRun.objects.filter(pk=run_id, status__in=[LinkageRunStatus.QUEUED, LinkageRunStatus.RUNNING]).update(
        status=LinkageRunStatus.FAILED, finished_at=timezone.now(), error=message[:300]
    )


def linkage_runs_sweep(*, now: datetime | None = None) -> int:
    """Mark runs whose worker died failed: running with no progress for LINKAGE_STALL_MINUTES."""
    now = now or timezone.now()
    stalled_before = now - timedelta(minutes=getattr(settings, "LINKAGE_STALL_MINUTES", 30))
    failed = 0
    for run in LinkageRun.objects.filter(status=LinkageRunStatus.RUNNING, progress_at__lt=stalled_before):
        failed += _mark_failed(run.pk, DEAD_WORKER)
    return failed


def linkage_runs_worker_died(*, worker_id: str) -> int:
    """Fail the runs a worker was running when it exited (its tasks stay RUNNING in django-tasks)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).values_list("id", "worker_ids")
    task_ids = [str(task_id) for task_id, worker_ids in running if worker_ids and worker_ids[-1] == worker_id]
    failed = 0
    active = [LinkageRunStatus.QUEUED, LinkageRunStatus.RUNNING]
    for run in LinkageRun.objects.filter(task_id__in=task_ids, status__in=active):
        failed += _mark_failed(run.pk, DEAD_WORKER)
    return failed


def _pace_id_of(source: str, record: str) -> tuple[Any, PaceId | None]:
    """The row or person a review side names, and the PACE ID it holds."""
    if source == PACE_SOURCE:
        held = PersonPaceId.objects.select_related("pace_id").filter(person_id=int(record)).first()
        return ("person", int(record)), held.pace_id if held else None
    upload_id = int(source.rsplit(":", 1)[1])
    row = LinkageIdentifier.objects.select_related("pace_id").get(upload_id=upload_id, record_id=record)
    return row, row.pace_id


def _merge(one: tuple[Any, PaceId | None], other: tuple[Any, PaceId | None]) -> None:
    """The later upload's row takes the other side's PACE ID; a PACE person without one takes the row's."""
    (first, first_id), (second, second_id) = sorted(
        (one, other), key=lambda side: (0, 0) if isinstance(side[0], tuple) else (1, side[0].upload_id)
    )
    if isinstance(first, tuple) and first_id is None:
        if second_id is not None:
            PersonPaceId.objects.create(person_id=first[1], pace_id=second_id)
    elif first_id is not None:
        LinkageIdentifier.objects.filter(pk=second.pk).update(pace_id=first_id)


@transaction.atomic
def review_pair_decide(*, pair: ReviewPair, decision: str, acting_user: User) -> ReviewPair:
    """Record a clerical reviewer's decision. "same": the partner's row takes the other side's PACE ID
    (or gives its own to a PACE person who has none); "different": nothing moves. Decided once."""
    locked = ReviewPair.objects.select_for_update().get(pk=pair.pk)
    if locked.decision != ReviewDecision.PENDING:
        raise ValueError(f"review pair {locked.pk} is already decided")
    if decision not in {ReviewDecision.SAME, ReviewDecision.DIFFERENT}:
        raise ValueError(f"unknown decision {decision!r}")
    if decision == ReviewDecision.SAME:
        _merge(
            _pace_id_of(locked.left_source, locked.left_record), _pace_id_of(locked.right_source, locked.right_record)
        )
    locked.decision = decision
    locked.decided_by = acting_user
    locked.decided_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["decision", "decided_by", "decided_at"])
    audit_record(
        acting_user=acting_user,
        action=AuditAction.LINKAGE_REVIEW_DECIDED,
        detail=f"review pair {locked.pk} of run {locked.run_id}: {decision}",
    )
    return locked
