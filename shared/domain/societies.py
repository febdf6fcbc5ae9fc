"""CISAC society codes (CWR "Society Code" lookup table): what SPU and SWR affiliations name.

Converted from the CISAC CWR 2.x lookup table (CWR08-3615R1, 2021-09-16) as
../shared/standards/cwr/lookup/cwr2x_lookup_tables.csv holds it. CWR writes the numeric code,
three digits zero-padded (PRS = 052); people type the code or the society's short name.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.errors import InvalidField

# code -> (short name, country)
SOCIETIES: dict[str, tuple[str, str]] = {
    "000": ("DP", "Public Domain"),
    "001": ("ACUM", "Israel"),
    "002": ("ADDAF", "Brazil"),
    "003": ("AEPI", "Greece"),
    "004": ("AGADU", "Uruguay"),
    "005": ("AKM", "Austria"),
    "006": ("BUCUDA", "Central Afr Rep"),
    "007": ("APDAYC", "Peru"),
    "008": ("APRA", "Australia"),
    "009": ("ARTISJUS", "Hungary"),
    "010": ("ASCAP", "USA"),
    "011": ("AUSTRO-MECHANA", "Austria"),
    "012": ("AMCOS", "Australia"),
    "013": ("AWA", "German Dem Rep"),
    "014": ("ARGENTORES", "Argentina"),
    "015": ("APA", "Paraguay"),
    "016": ("BUMDA", "Mali"),
    "017": ("AMRA", "USA"),
    "018": ("BGDA", "Guinea"),
    "019": ("BMDA", "Morocco"),
    "020": ("SODRAC", "Canada"),
    "021": ("BMI", "USA"),
    "022": ("MCSN", "Nigeria"),
    "023": ("BUMA", "Netherlands"),
    "024": ("BURIDA", "Ivory Coast"),
    "025": ("BSDA", "Senegal"),
    "026": ("CASH", "Hong Kong"),
    "027": ("CAPAC", "Canada"),
    "028": ("LITA", "Slovakia"),
    "029": ("SCD", "Chile"),
    "030": ("AMAR", "Brazil"),
    "031": ("DILIA", "Czech Republic"),
    "032": ("FILSCAP", "Philippines"),
    "033": ("OMDA", "Madagascar"),
    "034": ("HARRY FOX AGENCY", "USA"),
    "035": ("GEMA", "German Fed Rep"),
    "036": ("IPRS", "India"),
    "037": ("BUBEDRA", "Benin"),
    "038": ("JASRAC", "Japan"),
    "039": ("MUSICAUTOR", "Bulgaria"),
    "040": ("KODA", "Denmark"),
    "041": ("LITERAR-MECHANA", "Austria"),
    "042": ("LVG", "Austria"),
    "043": ("MCSK", "Kenya"),
    "044": ("MCPS", "United Kingdom"),
    "045": ("BBDA", "Burkina Faso"),
    "046": ("MRS", "United Kingdom"),
    "047": ("BCDA", "Congo"),
    "048": ("NCB", "Scandinavia"),
    "049": ("ONDA", "Algeria"),
    "050": ("OSA", "Czech Republic"),
    "051": ("PROLITTERIS", "Switzerland"),
    "052": ("PRS", "United Kingdom"),
    "053": ("PROCAN", "Canada"),
    "054": ("ALCS", "United Kingdom"),
    "055": ("SABAM", "Belgium"),
    "056": ("SACD", "France"),
    "057": ("SACERAU", "Egypt"),
    "058": ("SACEM", "France"),
    "059": ("SACM", "Mexico"),
    "060": ("SACVEN", "Venezuela"),
    "061": ("SADAIC", "Argentina"),
    "062": ("SADEMBRA", "Brazil"),
    "063": ("SAMRO", "South Africa"),
    "064": ("SOKOJ", "Yugoslavia"),
    "065": ("SAYCE", "Ecuador"),
    "066": ("SBACEM", "Brazil"),
    "067": ("SBAT", "Brazil"),
    "068": ("SDRM", "France (SDRM should no longer be used.  Please use SACEM 058 instead)"),
    "069": ("SPA", "Portugal"),
    "070": ("SOGEM", "Mexico"),
    "071": ("SESAC", "USA"),
    "072": ("SGAE", "Spain"),
    "073": ("SCAM", "France"),
    "074": ("SIAE", "Italy"),
    "075": ("SUISSIMAGE", "Switzerland"),
    "076": ("ACEMLA", "Puerto Rico"),
    "077": ("STEF", "Iceland"),
    "078": ("STEMRA", "Netherlands"),
    "079": ("STIM", "Sweden"),
    "080": ("SUISA", "Switzerland"),
    "081": ("SARRAL", "South Africa"),
    "082": ("OTPDA", "Tunisia"),
    "083": ("SONECA", "Zaire"),
    "084": ("SAYCO", "Columbia"),
    "085": ("SOZA", "Slovakia"),
    "086": ("SICAM", "Brazil"),
    "087": ("SPACEMF", "French Polynesia"),
    "088": ("CMRRA", "Canada"),
    "089": ("TEOSTO", "Finland"),
    "090": ("TONO", "Norway"),
    "091": ("SSA", "Switzerland"),
    "092": ("SOCINADA", "Cameroon Rep"),
    "093": ("UBC", "Brazil"),
    "094": ("RAO", "Russia"),
    "095": ("VG WORT", "German"),
    "096": ("COTT", "Trinidad & Tobago"),
    "097": ("ZAIKS", "Poland"),
    "098": ("ZIMRA", "Zimbabwe"),
    "099": ("NS", ""),
    "101": ("SOCAN", "Canada"),
    "102": ("NASCAM", "Namibia"),
    "103": ("ACDAM", "Cuba"),
    "104": ("MACP", "Malaysia"),
    "105": ("MASA", "Mauritius"),
    "106": ("COMPASS", "Singapore"),
    "107": ("ACAM", "Costa Rica"),
    "108": ("CHA", "Taiwan"),
    "109": ("KCI", "Indonesia"),
    "110": ("LATGA-A", "Lithuania"),
    "111": ("HDS-ZAMP", "Croatia"),
    "112": ("SAZAS", "Slovenia"),
    "113": ("LAA", "Latvia"),
    "114": ("AGAYC", "Guatemala"),
    "115": ("UCMR-ADA", "Romania"),
    "116": ("EAU", "Estonia"),
    "117": ("MESAM", "Turkey"),
    "118": ("KOMCA", "South Korea"),
    "119": ("MCSC", "China"),
    "120": ("LIRA", "Netherlands"),
    "121": ("VDFS", "Austria"),
    "122": ("AKKA/LAA", "Latvia"),
    "123": ("COSGA", "Ghana"),
    "124": ("COSOMA", "Malawi"),
    "125": ("BNDA", "Niger"),
    "126": ("MCT", "Thailand"),
    "127": ("ALBAUTOR", "Albania"),
    "128": ("IMRO", "Ireland"),
    "129": ("SOBODAYCOM", "Bolivia"),
    "130": ("BUTODRA", "Togo"),
    "131": ("SADA", "Greece"),
    "132": ("BILD-KUNST", "German Federal Republic"),
    "133": ("ZAMCOPS", "Zambia"),
    "134": ("SLPRS", "Sri Lanka"),
    "135": ("SADH", "Greece"),
    "136": ("ZAMP", "Macedonia"),
    "137": ("SOFAM", "Belgium"),
    "138": ("KOPIOSTO", "Finland"),
    "139": ("COPY-DAN BILLEDKUNST", "Denmark"),
    "140": ("UACRR", "Ukraine"),
    "141": ("ATN", "Chile (formerly known as GESATCH)"),
    "142": ("DALRO", "South Africa"),
    "143": ("TEATERAUTOR", "Bulgaria"),
    "144": ("HAA", "Croatia"),
    "145": ("DPRS", "United Kingdom"),
    "146": ("SPAC", "Panama"),
    "147": ("FILMAUTOR", "Bulgaria"),
    "148": ("ADAGP", "France"),
    "149": ("ARS", "USA"),
    "150": ("BEELDRECHT", "Netherlands"),
    "151": ("BONO", "Norway"),
    "152": ("BUS", "Sweden"),
    "153": ("DACS", "United Kingdom"),
    "154": ("HUNGART", "Hungary"),
    "155": ("SOMAAP", "Mexico"),
    "156": ("VAGA", "USA"),
    "157": ("VBK", "Austria"),
    "158": ("VEGAP", "Spain"),
    "159": ("VISCOPY", "Australia"),
    "160": ("RUPIS", "Belarus"),
    "161": ("MUST", "Taiwan (Province Of China)"),
    "162": ("AMPAL", "Australia"),
    "163": ("APG-JAPAN", "Japan"),
    "164": ("APSAV", "Peru"),
    "165": ("ATN", "Chile"),
    "166": ("AUTORARTE", "Venezuela"),
    "167": ("BURAFO", "Netherlands"),
    "168": ("CAL", "Australia"),
    "169": ("COSCAP", "Barbados"),
    "170": ("CPSN", "Nepal"),
    "171": ("CREAIMAGEN", "Chile"),
    "172": ("DGA", "United States"),
    "173": ("DIRECTORES", "Mexico"),
    "174": ("FLIM JUS", "Hungary"),
    "175": ("COPYRO", "Romania"),
    "176": ("JACAP", "Jamaica"),
    "177": ("KAZAK", "Kazakhstan"),
    "178": ("KOSA", "Korea Republic Of"),
    "179": ("KUVASTO", "Finland"),
    "180": ("MUSIKEDITION", "Austria"),
    "181": ("NMPA", "United States"),
    "182": ("PAPPRI", "Indonesia"),
    "183": ("SACK", "Korea Republic Of"),
    "184": ("SARTEC", "Canada"),
    "185": ("SESAM", "France"),
    "186": ("SGDL", "France"),
    "187": ("SNAC", "France"),
    "188": ("SOCIETE DE L’IMAGE", "France"),
    "189": ("SOCINPRO", "Brazil"),
    "190": ("SOPE", "Greece"),
    "191": ("SPACQ", "Canada"),
    "192": ("SFF", "Sweden"),
    "193": ("THE SOCIETY OF AUTHORS", "United Kingdom"),
    "194": ("UFFICIO LEGALE", "Holy See (Vatican City State)"),
    "195": ("VEVAM", "Netherlands"),
    "196": ("WGA", "United States"),
    "197": ("WGJ", "Japan"),
    "198": ("ZAMP", "Slovenia"),
    "199": ("ZAPA", "Poland"),
    "200": ("MSG", "Turkey"),
    "201": ("ABRAMUS", "Brazil"),
    "202": ("ASDAC", "Moldova - Republic Of"),
    "203": ("AWGACS", "Australia"),
    "204": ("SAS", "Georgia"),
    "205": ("SODART", "Canada"),
    "206": ("SUOMEN KIRJAILIJALIITTO", "Finland"),
    "207": ("THE AUTHOR'S REGISTRY INC.", "United States"),
    "208": ("SGA", "Guinea-Bissau"),
    "209": ("ARMAUTHOR", "Armenia"),
    "210": ("ACCESS", "Canada (Formerly CANCOPY)"),
    "211": ("", "No Longer In Use"),
    "212": ("CSCS", "Canada"),
    "213": ("DRCC", "Canada"),
    "214": ("HMS", "Saint Lucia"),
    "215": ("KYRGYZPATENT", "Kyrgyzstan"),
    "216": ("SQN", "Bosnia And Herzegovina"),
    "217": ("ABRAC", "Brazil"),
    "218": ("ANACIM", "Brazil"),
    "219": ("ASSIM", "Brazil"),
    "220": ("ATIDA", "Brazil"),
    "221": ("SABEM", "Brazil"),
    "222": ("FONOPERU", "Peru"),
    "223": ("COSOTA", "Tanzania, United Republic Of"),
    "224": ("SOMAS", "Mozambique"),
    "225": ("SAIF", "France"),
    "226": ("AACIMH", "Honduras"),
    "227": ("SGACEDOM", "Dominican Republic"),
    "228": ("ROMS", "Russian Federation"),
    "229": ("ICG", "United States"),
    "230": ("ADAVIS", "Cuba"),
    "231": ("AUTVIS", "Brazil"),
    "232": ("GESTOR", "Czech Republic"),
    "233": ("SACEMLUXEMBOURG", "Luxembourg"),
    "234": ("UCOSO", "Uganda"),
    "235": ("SACENC", "France"),
    "300": ("WID CENTRE", "United States"),
    "301": ("GESAC", "Belgium"),
    "302": ("LATINAUTOR", "Uruguay"),
    "303": ("NORD-DOC", "Sweden"),
    "304": ("SONGCODE", "United States"),
    "305": ("IMJV", "Netherlands"),
    "306": ("CCL", "Trinidad And Tobago"),
    "307": ("MISASIA", "Singapore"),
    "308": ("ECAD", "Brazil"),
    "309": ("LATINNET", "Spain"),
    "310": ("DIVA", "Hong Kong"),
}
_BY_NAME: dict[str, str] = {}
for _code, (_name, _) in SOCIETIES.items():
    _BY_NAME.setdefault(_name.upper(), _code)  # ZAMP and ATN each have two codes: the first


def society_code(text: str, *, field: str = "society") -> str:
    """The three-digit CISAC code for a code ("52", "052") or a short name ("PRS")."""
    cleaned = text.strip().upper()
    if cleaned.isascii() and cleaned.isdigit() and len(cleaned) <= 3:
        code = cleaned.zfill(3)
        if code in SOCIETIES:
            return code
        raise InvalidField(field, f"{text!r} is not a CISAC society code")
    if cleaned in _BY_NAME:
        return _BY_NAME[cleaned]
    raise InvalidField(
        field, f"{text!r} is not a CISAC society code or name (e.g. 052 or PRS, 010 or ASCAP)"
    )


def society_name(code: str) -> str:
    """ "052" -> "PRS"; an unknown code is returned as it is."""
    return SOCIETIES.get(code, (code, ""))[0]


@dataclass(frozen=True, slots=True)
class Societies:
    """A writer's or publisher's society per right: performing (PR), mechanical (MR) and
    synchronisation (SR), as CISAC codes; None where the party has none for that right."""

    pr: str | None = None
    mr: str | None = None
    sr: str | None = None

    @classmethod
    def parse(cls, pr: str | None, mr: str | None, sr: str | None, *, field: str = "") -> Societies:
        """From what a user or a file wrote (codes or short names; blank is none)."""
        prefix = f"{field}." if field else ""
        return cls(
            *(
                society_code(value, field=f"{prefix}{right}_society")
                if value and value.strip()
                else None
                for right, value in (("pr", pr), ("mr", mr), ("sr", sr))
            )
        )
