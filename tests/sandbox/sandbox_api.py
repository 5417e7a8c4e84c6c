"""A plain-requests client for the sandbox tests: they follow only docs/bandwidth-api.md."""

from __future__ import annotations

import time
from typing import Any

import requests
from lxml import etree

from numspec.sandbox.server import EmbeddedSandbox


class Api:
    """A requests session with a bearer token, and helpers for the paths and XML."""

    def __init__(self, box: EmbeddedSandbox) -> None:
        self.box = box
        self.http = requests.Session()
        r = self.http.post(
            box.token_url, auth=("sandbox", "sandbox"), data={"grant_type": "client_credentials"}
        )
        r.raise_for_status()
        self.http.headers["Authorization"] = "Bearer " + r.json()["access_token"]
        self.account = box.api_url + "/accounts/9900000"

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.http.get(self._url(path), params=params)

    def post(self, path: str, body: str) -> requests.Response:
        return self.http.post(
            self._url(path), data=body, headers={"Content-Type": "application/xml"}
        )

    def _url(self, path: str) -> str:
        if path.startswith("http"):
            return path
        return (self.box.api_url if path.startswith(("/tns", "/restr")) else self.account) + path

    def search(self, **params: Any) -> list[str]:
        r = self.get("/availableNumbers", **params)
        assert r.status_code == 200, r.text
        return [e.text or "" for e in xml(r).iter("TelephoneNumber", "FullNumber")]

    def order(
        self, numbers: list[str] | None = None, site: str = "1001", extra: str = "", kind: str = ""
    ) -> requests.Response:
        inner = kind or (
            "<ExistingTelephoneNumberOrderType><TelephoneNumberList>"
            + "".join(f"<TelephoneNumber>{n}</TelephoneNumber>" for n in numbers or [])
            + "</TelephoneNumberList></ExistingTelephoneNumberOrderType>"
        )
        return self.post(
            "/orders", f"<Order><Name>t</Name>{extra}{inner}<SiteId>{site}</SiteId></Order>"
        )

    def wait(self, location: str, timeout: float = 10.0) -> etree._Element:
        """Poll an order until it leaves RECEIVED/PROCESSING; return its final document."""
        deadline = time.monotonic() + timeout
        while True:
            doc = xml(self.get(location))
            if doc.findtext("OrderStatus") not in ("RECEIVED", "PROCESSING"):
                return doc
            assert time.monotonic() < deadline, "order did not finish"
            time.sleep(0.02)

    def disconnect(self, numbers: list[str], coid: str = "d-1") -> requests.Response:
        tns = "".join(f"<TelephoneNumber>{n}</TelephoneNumber>" for n in numbers)
        return self.post(
            "/disconnects",
            f"<DisconnectTelephoneNumberOrder><CustomerOrderId>{coid}</CustomerOrderId>"
            "<Name>Disconnect</Name>"
            "<DisconnectTelephoneNumberOrderType><TelephoneNumberList>"
            f"{tns}</TelephoneNumberList></DisconnectTelephoneNumberOrderType>"
            "</DisconnectTelephoneNumberOrder>",
        )


def xml(response: requests.Response) -> etree._Element:
    return etree.fromstring(response.content)
