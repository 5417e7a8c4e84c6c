"""Handlers that add sites and locations (SIP peers), and read one location."""

from __future__ import annotations

from werkzeug.wrappers import Request, Response

from numspec.sandbox import sites
from numspec.sandbox.backend import Backend
from numspec.sandbox.handlers import Args, account_url, not_found, xml
from numspec.sandbox.wire import XmlError, parse, response_status


def peer(backend: Backend, request: Request, args: Args) -> Response:
    """`GET .../sites/{s}/sippeers/{p}`."""
    row = backend.peer(args["siteId"], args["peerId"])
    if row is None:
        return not_found(
            "SipPeerResponse",
            f"Sip Peer '{args['peerId']}' and site '{args['siteId']}' does not exist",
            "13563",
        )
    return xml(sites.peer_document(row))


def _created(url: str) -> Response:
    """201 with no body and the new resource's URL in Location (where the SDKs read the id)."""
    return Response(status=201, headers={"Location": url})


def create_site(backend: Backend, request: Request, args: Args) -> Response:
    """`POST .../sites` with `<Site><Name/><Description/>...</Site>`."""
    try:
        new = sites.parse_site(parse(request.get_data(cache=False)))
        site_id = sites.create_site(backend.store, new)
    except XmlError as e:
        return xml(response_status("SiteResponse", "12000", str(e)), 400)
    except sites.SiteError as e:
        return xml(response_status("SiteResponse", e.code, e.description), e.status)
    return _created(account_url(request, args, "sites", site_id))


def create_peer(backend: Backend, request: Request, args: Args) -> Response:
    """`POST .../sites/{s}/sippeers` with `<SipPeer><PeerName/><IsDefaultPeer/>...</SipPeer>`."""
    site_id = args["siteId"]
    try:
        new = sites.parse_peer(parse(request.get_data(cache=False)))
        peer_id = sites.create_peer(backend.store, site_id, new)
    except XmlError as e:
        return xml(response_status("SipPeerResponse", "13500", str(e)), 400)
    except sites.SiteError as e:
        return xml(response_status("SipPeerResponse", e.code, e.description), e.status)
    return _created(account_url(request, args, "sites", site_id, "sippeers", peer_id))
