"""Zone phrases as data: the words a desk or a wire story uses for a time zone.

Three tables, no logic (`tracker.domain.when.zones` reads them):

* `ZONE_PHRASES`: a city, country or region as a story names it -> its IANA zone. A trailing
  "time" is optional ("Kyiv time" = "Kyiv"), and so is a trailing "local time" ("Kyiv local time").
* `ABBREVIATIONS`: zone abbreviations (CET is a phrase above: Brussels' zone, as it always was) that mean one offset wherever they are printed
  ("EST" is always UTC-05:00, "CEST" always UTC+02:00). Read as that fixed offset, so "14:00 EST"
  in July means 14:00 at UTC-05:00, as written, not Washington's summer clock.
* `AMBIGUOUS`: abbreviations that name different zones in different places ("IST" is India,
  Israel or Ireland). They are refused with the candidates named, never guessed.
"""

from __future__ import annotations

from datetime import timedelta

__all__ = ["ABBREVIATIONS", "AMBIGUOUS", "UTC_WORDS", "ZONE_PHRASES"]

ZONE_PHRASES: dict[str, str] = {
    # Ukraine
    "kyiv": "Europe/Kyiv",
    "kiev": "Europe/Kyiv",
    "ukraine": "Europe/Kyiv",
    "ukrainian": "Europe/Kyiv",
    "zaporizhzhia": "Europe/Kyiv",
    "zaporizhia": "Europe/Kyiv",
    "zaporozhye": "Europe/Kyiv",
    "kharkiv": "Europe/Kyiv",
    "kharkov": "Europe/Kyiv",
    "odesa": "Europe/Kyiv",
    "odessa": "Europe/Kyiv",
    "lviv": "Europe/Kyiv",
    "dnipro": "Europe/Kyiv",
    "kherson": "Europe/Kyiv",
    "mykolaiv": "Europe/Kyiv",
    "sumy": "Europe/Kyiv",
    "chernihiv": "Europe/Kyiv",
    # Russia, Belarus, Caucasus, Turkey
    "moscow": "Europe/Moscow",
    "st petersburg": "Europe/Moscow",
    "saint petersburg": "Europe/Moscow",
    "minsk": "Europe/Minsk",
    "tbilisi": "Asia/Tbilisi",
    "yerevan": "Asia/Yerevan",
    "baku": "Asia/Baku",
    "istanbul": "Europe/Istanbul",
    "ankara": "Europe/Istanbul",
    # Europe
    "london": "Europe/London",
    "uk": "Europe/London",
    "dublin": "Europe/Dublin",
    "lisbon": "Europe/Lisbon",
    "madrid": "Europe/Madrid",
    "paris": "Europe/Paris",
    "brussels": "Europe/Brussels",
    "amsterdam": "Europe/Amsterdam",
    "the hague": "Europe/Amsterdam",
    "luxembourg": "Europe/Luxembourg",
    "berlin": "Europe/Berlin",
    "vienna": "Europe/Vienna",
    "zurich": "Europe/Zurich",
    "geneva": "Europe/Zurich",
    "bern": "Europe/Zurich",
    "rome": "Europe/Rome",
    "copenhagen": "Europe/Copenhagen",
    "oslo": "Europe/Oslo",
    "stockholm": "Europe/Stockholm",
    "helsinki": "Europe/Helsinki",
    "tallinn": "Europe/Tallinn",
    "riga": "Europe/Riga",
    "vilnius": "Europe/Vilnius",
    "warsaw": "Europe/Warsaw",
    "prague": "Europe/Prague",
    "bratislava": "Europe/Bratislava",
    "budapest": "Europe/Budapest",
    "ljubljana": "Europe/Ljubljana",
    "zagreb": "Europe/Zagreb",
    "belgrade": "Europe/Belgrade",
    "bucharest": "Europe/Bucharest",
    "chisinau": "Europe/Chisinau",
    "sofia": "Europe/Sofia",
    "athens": "Europe/Athens",
    "cet": "Europe/Brussels",
    "central european time": "Europe/Brussels",
    "eastern european time": "Europe/Kyiv",
    # Middle East and Africa
    "jerusalem": "Asia/Jerusalem",
    "tel aviv": "Asia/Jerusalem",
    "israel": "Asia/Jerusalem",
    "gaza": "Asia/Gaza",
    "ramallah": "Asia/Hebron",
    "beirut": "Asia/Beirut",
    "damascus": "Asia/Damascus",
    "amman": "Asia/Amman",
    "baghdad": "Asia/Baghdad",
    "tehran": "Asia/Tehran",
    "riyadh": "Asia/Riyadh",
    "doha": "Asia/Qatar",
    "dubai": "Asia/Dubai",
    "abu dhabi": "Asia/Dubai",
    "cairo": "Africa/Cairo",
    "nairobi": "Africa/Nairobi",
    "addis ababa": "Africa/Addis_Ababa",
    "lagos": "Africa/Lagos",
    "johannesburg": "Africa/Johannesburg",
    # Asia and Oceania
    "kabul": "Asia/Kabul",
    "islamabad": "Asia/Karachi",
    "karachi": "Asia/Karachi",
    "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "mumbai": "Asia/Kolkata",
    "kolkata": "Asia/Kolkata",
    "dhaka": "Asia/Dhaka",
    "bangkok": "Asia/Bangkok",
    "hanoi": "Asia/Bangkok",
    "ho chi minh city": "Asia/Ho_Chi_Minh",
    "jakarta": "Asia/Jakarta",
    "singapore": "Asia/Singapore",
    "kuala lumpur": "Asia/Kuala_Lumpur",
    "manila": "Asia/Manila",
    "beijing": "Asia/Shanghai",
    "shanghai": "Asia/Shanghai",
    "hong kong": "Asia/Hong_Kong",
    "taipei": "Asia/Taipei",
    "seoul": "Asia/Seoul",
    "pyongyang": "Asia/Pyongyang",
    "tokyo": "Asia/Tokyo",
    "sydney": "Australia/Sydney",
    "canberra": "Australia/Sydney",
    "melbourne": "Australia/Melbourne",
    "auckland": "Pacific/Auckland",
    "wellington": "Pacific/Auckland",
    # Americas
    "washington": "America/New_York",
    "washington dc": "America/New_York",
    "dc": "America/New_York",
    "new york": "America/New_York",
    "nyc": "America/New_York",
    "boston": "America/New_York",
    "atlanta": "America/New_York",
    "miami": "America/New_York",
    "eastern time": "America/New_York",
    "us eastern": "America/New_York",
    "chicago": "America/Chicago",
    "houston": "America/Chicago",
    "dallas": "America/Chicago",
    "central time": "America/Chicago",
    "us central": "America/Chicago",
    "denver": "America/Denver",
    "mountain time": "America/Denver",
    "us mountain": "America/Denver",
    "phoenix": "America/Phoenix",
    "los angeles": "America/Los_Angeles",
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "pacific time": "America/Los_Angeles",
    "us pacific": "America/Los_Angeles",
    "anchorage": "America/Anchorage",
    "honolulu": "Pacific/Honolulu",
    "toronto": "America/Toronto",
    "ottawa": "America/Toronto",
    "montreal": "America/Toronto",
    "vancouver": "America/Vancouver",
    "mexico city": "America/Mexico_City",
    "havana": "America/Havana",
    "caracas": "America/Caracas",
    "bogota": "America/Bogota",
    "lima": "America/Lima",
    "santiago": "America/Santiago",
    "buenos aires": "America/Argentina/Buenos_Aires",
    "sao paulo": "America/Sao_Paulo",
    "brasilia": "America/Sao_Paulo",
    "rio de janeiro": "America/Sao_Paulo",
}
"""Lower-case city or phrase -> IANA zone. A trailing " time" is optional ("Kyiv time" = "Kyiv")."""

UTC_WORDS = frozenset({"utc", "z", "gmt", "zulu", "universal", "utc time", "gmt time", "greenwich mean time"})
"""Words for UTC itself ("GMT" is UTC to within a second; the wire's "1200 GMT" means UTC)."""


def _hm(hours: int, minutes: int = 0) -> timedelta:
    sign = -1 if hours < 0 else 1
    return timedelta(hours=hours, minutes=sign * minutes)


ABBREVIATIONS: dict[str, timedelta] = {
    # North America
    "est": _hm(-5), "edt": _hm(-4), "mst": _hm(-7), "mdt": _hm(-6), "pst": _hm(-8), "pdt": _hm(-7),
    "akst": _hm(-9), "akdt": _hm(-8), "hst": _hm(-10), "adt": _hm(-3), "nst": _hm(-3, 30), "ndt": _hm(-2, 30),
    # South America
    "brt": _hm(-3), "art": _hm(-3),
    # Europe
    "wet": _hm(0), "west": _hm(1), "cest": _hm(2), "eet": _hm(2), "eest": _hm(3), "msk": _hm(3),
    "trt": _hm(3),
    # Africa and the Middle East
    "wat": _hm(1), "cat": _hm(2), "sast": _hm(2), "eat": _hm(3), "idt": _hm(3),
    # Asia and Oceania
    "pkt": _hm(5), "npt": _hm(5, 45), "ict": _hm(7), "wib": _hm(7), "hkt": _hm(8), "sgt": _hm(8), "pht": _hm(8),
    "awst": _hm(8), "jst": _hm(9), "kst": _hm(9), "acst": _hm(9, 30), "acdt": _hm(10, 30), "aest": _hm(10),
    "aedt": _hm(11), "nzst": _hm(12), "nzdt": _hm(13),
}
"""Lower-case abbreviation -> its one UTC offset."""

AMBIGUOUS: dict[str, tuple[tuple[str, str], ...]] = {
    "ist": (("Asia/Kolkata", "India"), ("Asia/Jerusalem", "Israel"), ("Europe/Dublin", "Ireland")),
    "cst": (("America/Chicago", "US Central"), ("Asia/Shanghai", "China"), ("America/Havana", "Cuba")),
    "cdt": (("America/Chicago", "US Central"), ("America/Havana", "Cuba")),
    "bst": (("Europe/London", "British Summer"), ("Asia/Dhaka", "Bangladesh")),
    "ast": (("America/Halifax", "Atlantic"), ("Asia/Riyadh", "Arabia")),
    "gst": (("Asia/Dubai", "Gulf"), ("Atlantic/South_Georgia", "South Georgia")),
    "sst": (("Pacific/Pago_Pago", "Samoa"), ("Asia/Singapore", "Singapore")),
    "ect": (("America/Guayaquil", "Ecuador"), ("America/Port_of_Spain", "Eastern Caribbean")),
}
"""Lower-case abbreviation -> the (IANA zone, what it stands for) it may mean."""
