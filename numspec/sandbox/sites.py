"""Sites and their locations (SIP peers): creating them, and the shapes of their answers.

`POST /accounts/{a}/sites` takes `<Site><Name/><Description/>...</Site>` and
`POST /accounts/{a}/sites/{s}/sippeers` takes `<SipPeer><PeerName/><Description/>
<IsDefaultPeer/>...</SipPeer>`; both answer 201 with no body and the new id at the end of
`Location` (the SDKs read it from there). Ids are sequential: sites after the highest site id,
locations after the highest location id of the account. The sandbox keeps names, descriptions
and the default flag; every other child (addresses, hosts, calling name) is accepted and
dropped. Choices where no source settles the facts are listed in docs/sandbox.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from numspec.sandbox import repository
from numspec.sandbox.records import PeerRecord
from numspec.sandbox.store import Store
from numspec.sandbox.wire import Refused, dump, el, fields, root, text

MAX_NAME = 50  # UNCONFIRMED on the real service; the sandbox refuses longer names
MAX_DESCRIPTION = 255


class SiteError(Refused):
    """A site or location request the API refuses: `<Root><ResponseStatus><ErrorCode>`."""

    def __init__(self, status: int, code: str, description: str) -> None:
        super().__init__(code, description)
        self.status = status


@dataclass(frozen=True)
class NewSite:
    """What a site create asks for."""

    name: str
    description: str


@dataclass(frozen=True)
class NewPeer:
    """What a location (SIP peer) create asks for; is_default None when the body omits it."""

    name: str
    description: str
    is_default: bool | None


def _name(body: etree._Element, tag: str, code: str) -> str:
    name = text(body, tag) or ""
    if not name:
        raise SiteError(400, code, f"{tag} is required")
    if len(name) > MAX_NAME:
        raise SiteError(400, code, f"{tag} '{name}' is longer than {MAX_NAME} characters")
    return name


def _description(body: etree._Element, code: str) -> str:
    description = text(body, "Description") or ""
    if len(description) > MAX_DESCRIPTION:
        raise SiteError(400, code, f"Description is longer than {MAX_DESCRIPTION} characters")
    return description


def parse_site(body: etree._Element) -> NewSite:
    """Read a `<Site>` create body."""
    if body.tag != "Site":
        raise SiteError(400, "12000", f"The request body must be a Site, not {body.tag}")
    return NewSite(_name(body, "Name", "12001"), _description(body, "12001"))


def parse_peer(body: etree._Element) -> NewPeer:
    """Read a `<SipPeer>` create body."""
    if body.tag != "SipPeer":
        raise SiteError(400, "13500", f"The request body must be a SipPeer, not {body.tag}")
    flag = text(body, "IsDefaultPeer")
    if flag is not None and flag.lower() not in ("true", "false"):
        raise SiteError(400, "13501", f"IsDefaultPeer '{flag}' must be true or false")
    return NewPeer(
        _name(body, "PeerName", "13501"),
        _description(body, "13501"),
        None if flag is None else flag.lower() == "true",
    )


def create_site(store: Store, new: NewSite) -> str:
    """Store a site (with no location yet); return its id."""
    with store.write() as conn:
        return repository.insert_site(conn, new.name, new.description)


def create_peer(store: Store, site_id: str, new: NewPeer) -> str:
    """Store a location of a site; return its id.

    The first location of a site becomes its default unless the body says false (13522, as the
    real service refuses an account without a default peer); a later one marked default takes the
    flag from the previous default.
    """
    with store.write() as conn:
        if repository.site(conn, site_id) is None:
            raise SiteError(404, "12016", f"Site '{site_id}' does not exist")
        if repository.peer_named(conn, site_id, new.name):
            raise SiteError(
                409, "13524", f"SipPeer name '{new.name}' already exists for Site '{site_id}'"
            )
        has_default = repository.default_peer(conn, site_id) is not None
        if not has_default and new.is_default is False:
            raise SiteError(
                400,
                "13522",
                "IsDefaultPeer cannot be false right now. "
                f"Site '{site_id}' requires at least one Default Sip Peer",
            )
        is_default = not has_default or bool(new.is_default)
        return repository.insert_peer(conn, site_id, new.name, new.description, is_default)


def peer_document(row: PeerRecord) -> bytes:
    """`GET .../sippeers/{p}`: `<SipPeerResponse><SipPeer>` with the listing's fields."""
    doc = root("SipPeerResponse")
    node = el(doc, "SipPeer")
    fields(
        node,
        [
            ("PeerId", row.id),
            ("PeerName", row.name),
            ("Description", row.description),
            ("IsDefaultPeer", row.is_default),
        ],
    )
    return dump(doc)
