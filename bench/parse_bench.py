"""CPU per number of turning `/tns` pages into models (numspec.bandwidth.parse.number_details).

    /work/venv/bin/python bench/parse_bench.py [--pages 20] [--rate-centres 50]

Builds two 2,500-entry pages in memory: the real API's shape (10-digit `FullNumber`, no country,
type or area code, a padded rate centre) and the sandbox's (E.164, with `CountryCodeA3`,
`PhoneNumberType` and `AreaCode`), spread over `--rate-centres` rate centres. Prints process
time per number for the XML parse alone and for parse plus models, and the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

from numspec.bandwidth import parse
from numspec.bandwidth.xmlio import parse_xml

PAGE = 2500


def page(real: bool, centres: int) -> bytes:
    rows = []
    for i in range(PAGE):
        number = f"919{5550000 + i:07d}"
        extra = (
            ""
            if real
            else "<CountryCodeA3>USA</CountryCodeA3><PhoneNumberType>GEOGRAPHIC</PhoneNumberType>"
            "<AreaCode>919</AreaCode>"
        )
        rows.append(
            f"<TelephoneNumber><City>RALEIGH</City><Lata>426</Lata><State>NC</State>"
            f"<FullNumber>{number if real else '+1' + number}</FullNumber><Tier>0</Tier>"
            f"<VendorId>49</VendorId><VendorName>Bandwidth CLEC</VendorName>"
            f"<RateCenter>RC{i % centres}   </RateCenter><Status>Inservice</Status>"
            f"<AccountId>9900000</AccountId><LastModified>2024-01-01T00:00:00.000Z</LastModified>"
            f"<InServiceDate>2024-01-01T00:00:00.000Z</InServiceDate>{extra}</TelephoneNumber>"
        )
    body = "".join(rows)
    return (
        f"<TelephoneNumbersResponse><TelephoneNumberCount>{PAGE}</TelephoneNumberCount>"
        f"<TelephoneNumbers>{body}</TelephoneNumbers></TelephoneNumbersResponse>"
    ).encode()


def measure(body: bytes, pages: int) -> tuple[float, float]:
    """Return (µs per number for the XML parse, µs per number for parse plus models)."""
    started = time.process_time()
    for _ in range(pages):
        parse_xml(body)
    xml = time.process_time() - started
    started = time.process_time()
    count = 0
    for _ in range(pages):
        count += sum(1 for _ in parse.number_details(parse_xml(body)))
    total = time.process_time() - started
    return xml / (pages * PAGE) * 1e6, total / count * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--rate-centres", type=int, default=50)
    args = parser.parse_args()
    print(
        f"{platform.node()}: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )
    for name, real in (("real API shape", True), ("sandbox shape", False)):
        xml, total = measure(page(real, args.rate_centres), args.pages)
        print(
            f"{name}: {total:.1f} us CPU per number ({xml:.1f} us of it the XML parse), "
            f"{args.pages} pages of {PAGE}, {args.rate_centres} rate centres"
        )


if __name__ == "__main__":
    main()
