"""A seeded generator of synthetic people (plainly fictional) and a partner file of some of them,
with the mistakes real files carry, and the truth: which partner record is which PACE person.

PACE's people all come with names, date of birth and postcode, and most with an NI hash; the
partner's records are people PACE holds (most) and people it does not, a third without NI.
"""

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from triage.linkage.records import COLUMNS, PACE, partner_source


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


GIVEN_NAMES = _words(
    "oliver george harry jack jacob noah charlie thomas oscar william james henry leo alfie joshua "
    "freddie archie ethan isaac alexander joseph edward samuel max daniel arthur lucas mohammed "
    "logan theo harrison benjamin mason sebastian finley adam dylan zachary riley teddy toby "
    "david michael paul andrew mark richard peter stephen christopher kevin gary anthony robert "
    "john ian simon martin neil darren lee craig jason dean wayne carl shaun ryan liam connor "
    "amelia olivia isla emily ava jessica isabella lily sophie poppy mia ella grace evie scarlett "
    "chloe sophia freya charlotte daisy alice florence ruby phoebe matilda rosie millie sienna "
    "sarah emma laura rebecca claire nicola lisa helen rachel joanne kelly michelle amanda karen "
    "susan julie tracey deborah angela louise victoria hannah natalie samantha gemma stacey leanne "
    "siobhan aoife niamh ciara saoirse sean declan eoin ciaran padraig priya aisha fatima zainab "
    "amir omar yusuf ibrahim hamza bilal imran tariq anjali deepak rajesh sanjay sunita kiran "
    "wojciech katarzyna agnieszka piotr tomasz marta andrzej ewa magdalena jakub bogdan ioana"
)
_FAMILY_STARTS = _words(
    "ash bar black brad brook bur cal car chad chap clar craw dal dav den dun ed el fair farr fen "
    "gar gil glad gold ham har hart hol hud kel ken kirk lang law lind mal mar mid mor nor oak "
    "pen rad ray ride rob ros roth sal sand shaw stan stock sut tal thorn wad wal war web whit win"
)
_FAMILY_ENDS = _words(
    "by ford ham ley ton well wood worth field more stone bridge land son man ridge dale hurst ington cliffe combe"
)
COMMON_FAMILY = _words(
    "smith jones williams taylor brown davies evans wilson thomas johnson roberts robinson thompson "
    "wright walker white edwards hughes green hall lewis harris clarke patel jackson wood turner "
    "martin cooper hill ward morris moore clark lee king baker harrison morgan allen james scott "
    "phillips watson davis parker price bennett young griffiths mitchell kelly cook carter richardson "
    "bailey collins bell shaw murphy miller cox richards khan marshall anderson simpson ellis adams "
    "singh begum wilkinson foster chapman powell webb rogers gray mason ali hunt hussain campbell "
    "matthews owen palmer holmes mills barnes knight lloyd butler russell barker fisher stevens "
    "jenkins murray dixon harvey oneill obrien mcdonald kowalski nowak wisniewski ahmed rahman"
)
NICKNAMES = {
    "william": "bill",
    "robert": "bob",
    "richard": "dick",
    "james": "jim",
    "thomas": "tom",
    "michael": "mike",
    "christopher": "chris",
    "anthony": "tony",
    "alexander": "alex",
    "joseph": "joe",
    "edward": "ted",
    "samuel": "sam",
    "daniel": "dan",
    "benjamin": "ben",
    "stephen": "steve",
    "andrew": "andy",
    "peter": "pete",
    "david": "dave",
    "rebecca": "becky",
    "victoria": "vicky",
    "samantha": "sam",
    "elizabeth": "liz",
    "katarzyna": "kasia",
    "deborah": "debbie",
    "susan": "sue",
    "nicola": "nicky",
    "charlotte": "charlie",
}
POSTCODE_AREAS = _words(
    "B BD BL BN BS CB CF CH CV DE DN E EC EH G HU L LE LS M ME N NE NG NW OL PE PL PO PR RG S SE "
    "SK SO SR ST SW TS W WF WS WV YO"
)
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass(frozen=True)
class Mistakes:
    """How often each mistake is made in a partner's record (each independently)."""

    name_typo: float = 0.12  # a transposed, dropped, doubled or wrong letter, in one of the names
    nickname: float = 0.03
    names_swapped: float = 0.02
    day_month_swapped: float = 0.04
    dob_digit: float = 0.02
    moved_same_district: float = 0.05
    moved_away: float = 0.05
    postcode_missing: float = 0.08
    without_ni: float = 1 / 3
    not_in_pace: float = 0.15  # partner records of people PACE does not hold


@dataclass(frozen=True)
class Generated:
    """`pace` and `partner`: linkage tables (`triage.linkage.records.COLUMNS`); `truth`: the partner
    record's unique_id to the PACE record's unique_id, for the partner records of PACE people."""

    pace: pd.DataFrame
    partner: pd.DataFrame
    truth: dict[str, str]

    @property
    def records(self) -> pd.DataFrame:
        return pd.concat([self.pace, self.partner], ignore_index=True)


def _family_names() -> list[str]:
    built = [start + end for start in _FAMILY_STARTS for end in _FAMILY_ENDS]
    return list(COMMON_FAMILY) + built


def _zipf_choice(rng: np.random.Generator, values: Sequence[str], size: int, exponent: float) -> np.ndarray:
    weights = 1.0 / np.arange(1, len(values) + 1) ** exponent
    return np.asarray(values, dtype=object)[rng.choice(len(values), size=size, p=weights / weights.sum())]


def _postcodes(rng: np.random.Generator, size: int) -> tuple[np.ndarray, np.ndarray]:
    areas = np.asarray(POSTCODE_AREAS, dtype=object)[rng.integers(0, len(POSTCODE_AREAS), size)]
    districts = rng.integers(1, 30, size).astype(str)
    outward = areas + districts
    letters = np.asarray(list(_INWARD_LETTERS), dtype=object)
    inward = (
        rng.integers(0, 10, size).astype(str).astype(object)
        + letters[rng.integers(0, len(letters), size)]
        + letters[rng.integers(0, len(letters), size)]
    )
    return outward + " " + inward, outward


def _ni_hash(person: int, seed: int) -> str:
    return hashlib.blake2b(f"fictional-ni-{seed}-{person}".encode(), digest_size=16).hexdigest()


def people(size: int, *, seed: int, start: int = 0) -> pd.DataFrame:
    """`size` fictional people: names, date of birth (ages 16 to 66), postcode, an NI hash."""
    rng = np.random.default_rng(seed + start)
    given = _zipf_choice(rng, GIVEN_NAMES, size, 0.7)
    family = _zipf_choice(rng, _family_names(), size, 0.6)
    births = dt.date(1960, 1, 1).toordinal() + rng.integers(0, 365 * 50, size)
    postcode, outward = _postcodes(rng, size)
    numbers = np.arange(start, start + size)
    return pd.DataFrame(
        {
            "person": numbers,
            "given_name": given,
            "family_name": family,
            "date_of_birth": [dt.date.fromordinal(int(day)).isoformat() for day in births],
            "postcode": postcode,
            "postcode_outward": outward,
            "ni_hash": [_ni_hash(int(number), seed) for number in numbers],
        }
    )


def _typo(rng: np.random.Generator, name: str) -> str:
    if len(name) < 3:
        return name + name[-1]
    at = int(rng.integers(1, len(name) - 1))
    kind = int(rng.integers(0, 4))
    if kind == 0:  # transposed letters
        return name[:at] + name[at + 1] + name[at] + name[at + 2 :]
    if kind == 1:  # dropped letter
        return name[:at] + name[at + 1 :]
    if kind == 2:  # doubled letter
        return name[:at] + name[at] + name[at:]
    return name[:at] + "aeiou"[int(rng.integers(0, 5))] + name[at + 1 :]  # wrong letter


def _swap_day_month(iso: str) -> str:
    year, month, day = iso.split("-")
    if int(day) > 12 or day == month:
        return iso
    return f"{year}-{day}-{month}"


def _digit_off(rng: np.random.Generator, iso: str) -> str:
    for _ in range(5):
        at = int(rng.choice([2, 3, 9]))  # a year's last two digits or the day's last digit
        changed = iso[:at] + str((int(iso[at]) + int(rng.integers(1, 9))) % 10) + iso[at + 1 :]
        try:
            dt.date.fromisoformat(changed)
        except ValueError:
            continue
        return changed
    return iso


def generate(
    *,
    people_count: int,
    partner_count: int,
    seed: int = 27,
    partner: str = "DWP",
    pace_without_ni: float = 0.1,
    mistakes: Mistakes = Mistakes(),
) -> Generated:
    """PACE's `people_count` people and a partner file of `partner_count` records with mistakes."""
    rng = np.random.default_rng(seed)
    pace_people = people(people_count, seed=seed)
    pace = pd.DataFrame(
        {
            "unique_id": "pace-" + pace_people["person"].astype(str),
            "source_dataset": PACE,
            "record_id": "P" + pace_people["person"].astype(str),
            "ni_hash": pace_people["ni_hash"].where(rng.random(people_count) >= pace_without_ni, None),
            "given_name": pace_people["given_name"],
            "family_name": pace_people["family_name"],
            "date_of_birth": pace_people["date_of_birth"],
            "postcode": pace_people["postcode"],
            "postcode_outward": pace_people["postcode_outward"],
        }
    )[list(COLUMNS)]
    outsiders = round(partner_count * mistakes.not_in_pace)
    insiders = min(partner_count - outsiders, people_count)
    chosen = rng.choice(people_count, size=insiders, replace=False)
    base = pd.concat(
        [pace_people.iloc[chosen], people(partner_count - insiders, seed=seed, start=people_count)],
        ignore_index=True,
    )
    source = partner_source(partner)
    rows = []
    truth: dict[str, str] = {}
    order = rng.permutation(len(base))
    new_postcodes, new_outward = _postcodes(rng, len(base))
    for number, at in enumerate(order):
        person = base.iloc[int(at)]
        given, family = str(person["given_name"]), str(person["family_name"])
        dob: str | None = str(person["date_of_birth"])
        postcode: str | None = str(person["postcode"])
        outward: str | None = str(person["postcode_outward"])
        draw = rng.random(10)
        if draw[0] < mistakes.name_typo:
            if rng.random() < 0.5:
                given = _typo(rng, given)
            else:
                family = _typo(rng, family)
        if draw[1] < mistakes.nickname and given in NICKNAMES:
            given = NICKNAMES[given]
        if draw[2] < mistakes.names_swapped:
            given, family = family, given
        if draw[3] < mistakes.day_month_swapped:
            dob = _swap_day_month(str(dob))
        elif draw[4] < mistakes.dob_digit:
            dob = _digit_off(rng, str(dob))
        if draw[5] < mistakes.moved_same_district:
            postcode = f"{outward} {str(new_postcodes[number]).split(' ')[1]}"
        elif draw[5] < mistakes.moved_same_district + mistakes.moved_away:
            postcode, outward = str(new_postcodes[number]), str(new_outward[number])
        if draw[6] < mistakes.postcode_missing:
            postcode = outward = None
        ni = None if draw[7] < mistakes.without_ni else person["ni_hash"]
        unique_id = f"{source}-{number}"
        rows.append((unique_id, source, f"R{number}", ni, given, family, dob, postcode, outward))
        if int(person["person"]) < people_count:
            truth[unique_id] = f"pace-{int(person['person'])}"
    return Generated(pace=pace, partner=pd.DataFrame(rows, columns=list(COLUMNS), dtype=object), truth=truth)


@dataclass(frozen=True)
class Accuracy:
    precision: float
    recall: float
    true_links: int
    false_links: int
    missed: int


def accuracy(clusters: pd.DataFrame, truth: dict[str, str], *, partner_ids: list[str] | None = None) -> Accuracy:
    """Precision and recall of the partner-to-PACE links the clusters make, against the truth.

    A predicted link is each (partner record, PACE record) pair in one cluster; `partner_ids`
    restricts both counts to those partner records (say, the ones without an NI hash)."""
    wanted = set(partner_ids) if partner_ids is not None else None
    frame = clusters.assign(pace=clusters["unique_id"].str.startswith("pace-"))
    partner = frame[~frame["pace"]]
    if wanted is not None:
        partner = partner[partner["unique_id"].isin(wanted)]
    predicted = partner.merge(frame[frame["pace"]], on="cluster", suffixes=("", "_pace"))
    true_pairs = {(p, q) for p, q in truth.items() if wanted is None or p in wanted}
    found = set(zip(predicted["unique_id"], predicted["unique_id_pace"], strict=True))
    true_links = len(found & true_pairs)
    false_links = len(found - true_pairs)
    missed = len(true_pairs - found)
    return Accuracy(
        precision=true_links / len(found) if found else 1.0,
        recall=true_links / len(true_pairs) if true_pairs else 1.0,
        true_links=true_links,
        false_links=false_links,
        missed=missed,
    )
