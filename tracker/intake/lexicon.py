"""Word lists for English news style: attribution verbs, titles, organisations, outlets, groups."""

from __future__ import annotations

ATTRIBUTION_VERBS: frozenset[str] = frozenset(
    ["said", "says", "told", "tells", "warned", "warns", "added", "adds", "claimed", "claims", "announced", "announces", "reported", "reports", "insisted", "insists", "denied", "denies", "stated", "states", "declared", "declares", "noted", "notes", "explained", "explains", "argued", "argues", "stressed", "stresses", "confirmed", "confirms", "acknowledged", "acknowledges", "admitted", "admits", "alleged", "alleges", "asserted", "asserts", "contended", "contends", "estimated", "estimates", "predicted", "predicts", "revealed", "reveals", "disclosed", "discloses", "wrote", "writes", "tweeted", "tweets", "posted", "posts", "accused", "accuses", "pledged", "pledges", "promised", "promises", "vowed", "vows", "maintained", "maintains", "suggested", "suggests", "cautioned", "cautions", "conceded", "concedes", "reiterated", "reiterates", "emphasised", "emphasises", "emphasized", "emphasizes", "observed", "replied", "replies", "responded", "responds", "recalled", "countered", "counters", "testified", "projected", "forecast", "forecasts", "indicated", "indicates", "signalled", "signaled", "disputed", "rejected", "complained", "complains", "boasted", "boasts", "conceded", "informed", "briefed"]
)
"""Verbs that attribute a statement to a speaker ("according to" is handled on its own)."""

OPINION_VERBS: frozenset[str] = frozenset(["urged", "urges", "hoped", "hopes", "wished", "wishes", "welcomed", "welcomes", "thanked", "thanks", "praised", "praises", "congratulated", "condemned", "condemns"])
"""Verbs that report an appeal, a wish, thanks or praise: not a checkable claim."""

NEGATORS: frozenset[str] = frozenset(["not", "never", "n't", "declined", "refused", "would", "could", "did", "didn’t", "didn't"])

TITLES: frozenset[str] = frozenset(
    ["president", "vice", "prime", "minister", "ministers", "secretary", "spokesman", "spokeswoman", "spokesperson", "chancellor", "premier", "king", "queen", "prince", "princess", "pope", "sheikh", "emir", "general", "gen", "lt", "col", "colonel", "major", "maj", "commander", "cmdr", "admiral", "adm", "sergeant", "sgt", "captain", "capt", "chief", "director", "ceo", "cfo", "chairman", "chairwoman", "chair", "ambassador", "envoy", "senator", "sen", "representative", "rep", "congressman", "congresswoman", "governor", "gov", "mayor", "judge", "justice", "dr", "mr", "mrs", "ms", "prof", "professor", "deputy", "foreign", "defence", "defense", "interior", "finance", "health", "foreign-minister", "head", "leader", "official", "officer", "blogger", "analyst", "adviser", "advisor", "aide", "lawyer", "attorney", "prosecutor", "commissioner", "inspector", "superintendent", "detective", "police", "spokesman's", "diplomat", "economist", "researcher", "scientist", "founder", "owner", "executive", "correspondent", "editor", "reporter", "journalist", "member", "mp", "lawmaker", "legislator", "speaker", "commissioner", "rapporteur", "coordinator", "governor-general"]
)
"""Words of a role that can come before a name ("US President", "Kremlin spokesman", "blogger")."""

DESCRIPTORS: frozenset[str] = frozenset(["prominent", "top", "senior", "former", "ex-", "longtime", "veteran", "leading", "outspoken", "acting", "interim", "special", "chief", "deputy", "local", "regional"])

ORG_HEADS: frozenset[str] = frozenset(
    ["service", "ministry", "mission", "office", "council", "agency", "commission", "committee", "department", "party", "army", "forces", "force", "navy", "group", "institute", "university", "bank", "fund", "court", "union", "organisation", "organization", "association", "company", "corp", "inc", "ltd", "government", "administration", "command", "staff", "police", "authority", "authorities", "parliament", "assembly", "senate", "congress", "cabinet", "embassy", "consulate", "directorate", "bureau", "centre", "center", "foundation", "alliance", "coalition", "federation", "board", "tribunal", "network", "operator", "utility", "monitor", "observatory", "programme", "program", "watch", "red", "cross", "kremlin", "secretariat", "presidency", "guard", "guards",
     "power", "energy", "electric", "railway", "railways", "airlines", "airways", "motors", "holdings", "industries",
     "systems", "technologies", "pharmaceuticals", "petroleum", "oil", "steel", "telecom", "capital", "partners",
     "laboratories", "labs", "inc.", "corp.", "co.", "plc", "ag", "sa", "llc", "exchange", "market", "markets", "treasury", "office", "police"]
)
"""Last words of an organisation's name."""

ORGANISATIONS: frozenset[str] = frozenset(name.strip() for name in ["kremlin", " white house", " pentagon", " state department", " downing street", " elysee", " élysée", " nato", " un", " u.n.", " eu", " e.u.", " imf", " opec", " who", " iaea", " unicef", " unhcr", " ohchr", " osce", " icc", " icj", " fbi", " cia", " nsa", " fsb", " sbu", " gru", " idf", " hamas", " hezbollah", " taliban", " european commission", " european union", " united nations", " world bank", " red cross", " moscow", " kyiv", " washington", " beijing", " london", " paris", " berlin", " brussels", " tehran", " ankara", " jerusalem", " tokyo", " seoul", " delhi", " new delhi", " warsaw", " budapest", " rome", " madrid", " ottawa", " canberra", " cairo", " russia", " ukraine", " china", " iran", " israel", " turkey", " france", " germany", " britain", " europe", " japan", " india", " pakistan", " poland", " hungary", " norway", " sweden", " finland", " italy", " spain", " canada", " australia", " mexico", " brazil", " egypt", " saudi arabia", " qatar", " syria", " iraq", " north korea", " south korea", " taiwan", " belarus", " georgia", " united states", " united kingdom", " the united states", " the united kingdom"])
"""Single-word or well-known speakers that are organisations or governments, not people."""

OUTLETS: dict[str, str] = {
    "telegraph": "The Telegraph", "the telegraph": "The Telegraph", "daily telegraph": "The Telegraph",
    "guardian": "The Guardian", "the guardian": "The Guardian", "times": "The Times", "the times": "The Times",
    "new york times": "The New York Times", "the new york times": "The New York Times",
    "washington post": "The Washington Post", "the washington post": "The Washington Post",
    "wall street journal": "The Wall Street Journal", "the wall street journal": "The Wall Street Journal",
    "financial times": "Financial Times", "the financial times": "Financial Times", "economist": "The Economist",
    "bbc": "BBC", "cnn": "CNN", "reuters": "Reuters", "ap": "AP", "associated press": "AP",
    "the associated press": "AP", "afp": "AFP", "bloomberg": "Bloomberg", "politico": "Politico", "axios": "Axios",
    "kommersant": "Kommersant", "izvestia": "Izvestia", "ria novosti": "RIA Novosti", "tass": "TASS",
    "interfax": "Interfax", "ukrainska pravda": "Ukrainska Pravda", "kyiv independent": "The Kyiv Independent",
    "the kyiv independent": "The Kyiv Independent", "haaretz": "Haaretz", "al jazeera": "Al Jazeera",
    "le monde": "Le Monde", "der spiegel": "Der Spiegel", "spiegel": "Der Spiegel", "bild": "Bild",
    "el país": "El País", "el pais": "El País", "nhk": "NHK", "xinhua": "Xinhua", "yonhap": "Yonhap",
    "kyodo": "Kyodo", "nikkei": "Nikkei", "sky news": "Sky News", "fox news": "Fox News", "nbc news": "NBC News",
    "cbs news": "CBS News", "abc news": "ABC News", "npr": "NPR", "the independent": "The Independent",
    "daily mail": "Daily Mail", "the daily mail": "Daily Mail", "the observer": "The Observer",
    "dpa": "dpa", "ansa": "ANSA", "efe": "EFE", "pa": "PA", "meduza": "Meduza", "novaya gazeta": "Novaya Gazeta",
}
"""News outlets a story may relay -> their usual names."""

OUTLET_HEADS: frozenset[str] = frozenset(["newspaper", "daily", "tabloid", "broadcaster", "magazine", "post", "journal",
                                          "times", "herald", "tribune", "gazette", "telegraph", "guardian",
                                          "observer", "news"])

GROUP_NOUNS: frozenset[str] = frozenset(
    ["officials", "authorities", "police", "military", "army", "analysts", "experts", "witnesses", "residents", "sources", "diplomats", "lawmakers", "legislators", "investigators", "prosecutors", "doctors", "medics", "rescuers", "firefighters", "activists", "observers", "monitors", "channels", "bloggers", "researchers", "scientists", "critics", "supporters", "protesters", "organisers", "organizers", "leaders", "ministers", "spokespeople", "representatives", "officers", "soldiers", "troops", "workers", "economists", "campaigners", "voters", "people", "government", "governments", "media", "reports", "data", "figures", "statistics", "report", "study", "survey", "poll", "statement", "documents", "records", "estimates",
     "republicans", "democrats", "conservatives", "liberals", "rebels", "militants", "insurgents", "separatists",
     "unions", "survivors", "relatives", "families", "companies", "firms", "banks", "airlines"]
)
"""Plural or collective heads of a speaker that is not one named person ("officials", "the report")."""

NATIONALITIES: frozenset[str] = frozenset(
    ["us", "u.s.", "american", "russian", "ukrainian", "british", "uk", "european", "eu", "french", "german", "chinese", "iranian", "israeli", "palestinian", "turkish", "polish", "indian", "japanese", "korean", "syrian", "iraqi", "saudi", "qatari", "egyptian", "canadian", "australian", "belarusian", "georgian", "lebanese", "italian", "spanish", "dutch", "belgian", "swedish", "finnish", "norwegian", "danish", "estonian", "latvian", "lithuanian", "hungarian", "romanian", "moldovan", "serbian", "greek", "swiss", "austrian", "irish", "scottish", "welsh", "mexican", "brazilian", "argentine", "venezuelan", "cuban", "nigerian", "kenyan", "south", "north", "west", "east", "western", "eastern", "un", "u.n.", "nato", "kremlin", "white", "house", "state"]
)

PRONOUNS: dict[str, str] = {"he": "person", "she": "person", "it": "organisation", "they": "group",
                            "we": "group", "i": "person"}

MONTHS: frozenset[str] = frozenset(["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"])
WEEKDAYS: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
