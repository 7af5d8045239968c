"""The closed word classes that unlisted-name detection reads (``briefcli.openworld``).

These are words of English, not names of the world: titles and forms of address, the head
nouns of bodies and mechanisms, reporting verbs, and capitalised words that are never part
of a name. Names themselves (outlets, places, people) belong in ``rules/``.
"""

from __future__ import annotations

# Titles that put a person's name after them ("Deputy Secretary Wendy Sherman"), lower case,
# as word tuples. The longest one that fits wins.
_TITLE_TEXT = """
mr|ms|mrs|dr|miss|sir|dame|madam|mme|prof|professor|h.e|his excellency|her excellency
ambassador|amb|ambassador-at-large|charge|chargé|chargé d'affaires|envoy|special envoy
special presidential envoy|special representative|special coordinator|coordinator
secretary|deputy secretary|assistant secretary|under secretary|acting assistant secretary
principal deputy assistant secretary|deputy assistant secretary|acting secretary
secretary-general|secretary general|deputy secretary-general|under-secretary-general
president|vice president|prime minister|deputy prime minister|first deputy prime minister
minister|foreign minister|deputy foreign minister|deputy minister|vice minister
vice foreign minister|state minister|minister of state|chancellor|king|queen|emir|crown prince
senator|congressman|congresswoman|representative|speaker|governor|mayor|general|lieutenant
general|admiral|colonel|commissioner|high commissioner|high representative|director
director general|director-general|administrator|deputy administrator|chairman|chairwoman
chair|spokesperson|spokesman|spokeswoman|deputy spokesperson|counselor|adviser|advisor
national security advisor|national security adviser|attorney general|judge|justice
journalist|activist|pastor|father|bishop|archbishop|cardinal|pope|sheikh|prince|princess
senior bureau official|senior official|chairperson|acting director|deputy director|ceo
"""
TITLES: frozenset[tuple[str, ...]] = frozenset(
    tuple(t.split()) for line in _TITLE_TEXT.split("\n") for t in line.split("|") if t.strip())
TITLE_WORDS: frozenset[str] = frozenset(w for t in TITLES for w in t)
MAX_TITLE = max(len(t) for t in TITLES)

# Titles whose holder, when the text names no state, speaks for the document's own state
# (a State Department release's "Ambassador Tracy", "Special Envoy Carstens").
HOME_TITLES: frozenset[str] = frozenset(
    "ambassador amb envoy representative coordinator secretary senator congressman "
    "congresswoman charge chargé spokesperson spokesman spokeswoman counselor administrator "
    "adviser advisor director".split())

# Head nouns of bodies: "the National Assembly", "the Office of the Secretary of Defense".
BODY_HEADS: frozenset[str] = frozenset("""
ministry department office bureau embassy consulate assembly parliament senate congress
council committee commission agency authority institute institution foundation
corporation union alliance association organization organisation federation
court tribunal bank university academy centre center network coalition party movement league
secretariat directorate administration board chamber command guard police army navy
mission
""".split())

# Words that make a run a media outlet's name, which is never an actor of the text.
MEDIA = frozenset("news times post press tv television radio channel newspaper magazine "
                  "journal daily gazette herald tribune agency".split())

# Bodies of government: with a state, an ``inst.<ISO3>.<slug>`` id; the others ``org.``.
GOVERNMENT_HEADS: frozenset[str] = frozenset("""
ministry department office bureau embassy consulate assembly parliament senate congress
agency authority directorate administration command guard police army navy court
secretariat mission
""".split())

# States whose people's names are written family name first in English ("Yoon Suk Yeol",
# "Wang Yi"): a title before the first word alone ("President Yoon") names the person too.
FAMILY_NAME_FIRST: frozenset[str] = frozenset({"CHN", "TWN", "HKG", "MAC", "KOR", "PRK"})

# Words that make a body international, no state's own ("World Health Assembly").
INTERNATIONAL_WORDS: frozenset[str] = frozenset("""
world international un united nations global regional parliamentary interparliamentary
inter-parliamentary european african asian arab islamic commonwealth
""".split())

# Head nouns of mechanisms, with the mechanism type each gives.
MECHANISM_HEADS: dict[str, str] = {
    "process": "process", "format": "format", "dialogue": "process", "dialog": "process",
    "talks": "process", "consultations": "process", "negotiations": "process",
    "summit": "institution-meeting", "forum": "institution-meeting",
    "meeting": "institution-meeting", "ministerial": "institution-meeting",
    "ministerials": "institution-meeting", "conference": "institution-meeting",
    "retreat": "institution-meeting", "congress": "institution-meeting",
    "agreement": "agreement", "agreements": "agreement", "accord": "agreement",
    "accords": "agreement", "memorandum": "agreement", "pact": "agreement",
    "treaty": "treaty", "convention": "treaty", "protocol": "treaty", "charter": "treaty",
    "declaration": "declaration", "statement": "declaration", "communique": "declaration",
    "initiative": "initiative", "corridor": "initiative", "strategy": "initiative",
    "concept": "initiative", "plan": "initiative", "programme": "initiative",
    "program": "initiative", "partnership": "initiative", "facility": "initiative",
    "compact": "agreement", "framework": "initiative", "roadmap": "initiative",
    "platform": "platform", "mechanism": "organization-body", "group": "format",
    "committee": "organization-body", "commission": "organization-body",
    "council": "organization-body", "act": "law", "law": "law",
    "treaties": "treaty", "consensus": "agreement",
    # A fund named for what it pays for is a financing mechanism ("the Loss and Damage
    # Fund", "the COVID-19 Response and Recovery Fund"); the funds that are organisations
    # (the IMF, the Global Fund, UNICEF) are listed in the pack.
    "fund": "initiative",
    # The United Nations' observances ("the International Year of Indigenous Languages",
    # "the UN Decade of Ocean Science"): only with their complement (``COMPLEMENT_HEADS``).
    "year": "initiative", "decade": "initiative",
}
# Heads that name something only with a complement after them ("Year of ...", not "New Year").
COMPLEMENT_HEADS = frozenset({"year", "decade"})
# Words that make "... Law" the law in general, not a named one ("International
# Humanitarian Law", "the Rule of Law").
GENERAL_LAW_WORDS = frozenset("""
international humanitarian human rights criminal civil domestic national customary maritime
space refugee environmental trade rule public private common constitutional
""".split())
# Mechanism heads a capitalised name may carry in lower case ("the Minsk process").
LOWER_MECHANISM_HEADS = ("process", "format", "talks", "dialogue", "initiative", "platform",
                         "corridor", "mechanism", "consultations", "programme", "program",
                         "agreement", "agreements", "accord", "accords", "consensus")
# Heads that are bodies unless a bilateral prefix ("China-Vietnam") or a word below makes
# them a mechanism.
BOTH_HEADS = frozenset({"committee", "commission", "council", "congress", "group"})
JOINT_WORDS = frozenset({"joint", "bilateral", "trilateral", "intergovernmental",
                         "interagency", "steering", "strategic", "quadrilateral"})

# Words joining the words of one name.
CONNECTORS = frozenset({"of", "the", "for", "and", "on", "in", "de", "del", "la", "al",
                        "to", "da", "von", "van", "bin", "ibn"})

# Capitalised words that are never (part of) a person's name.
# Months and weekdays: never names, and a date after a name ends it ("... Summit on May 3").
DATE_WORDS: frozenset[str] = frozenset("""
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday""".split())

NOT_NAMES: frozenset[str] = DATE_WORDS | frozenset("""
i we you he she it they our my your his her their its this that these those there here
the a an and or but so yes no not now then today tomorrow yesterday thank thanks please
okay ok well good morning afternoon evening everyone ladies gentlemen dear colleagues
friends excellency excellencies majesty highness honourable honorable distinguished
delegates question answer moderator operator staff official officials senior also
god lord allah mister
north south east west northern southern eastern western central new old great united
international national federal state states republic kingdom democratic people peoples
government affairs foreign human rights security defense defence economic development
sustainable global world regional nations human climate change peace war covid
several many some most various numerous few both all other each every any another
technologies technology solutions systems industries holdings enterprises guide handbook
manual toolkit number one two three four five six seven eight nine ten such through via
despite without within thus hence
""".split()) | TITLE_WORDS | BODY_HEADS | frozenset(MECHANISM_HEADS)

# Reporting verbs after which a capitalised name is a speaker ("Sherman said").
REPORTING = ("said", "says", "told", "stated", "noted", "added", "stressed", "emphasized",
             "emphasised", "underscored", "announced", "warned", "urged", "welcomed",
             "explained", "remarked", "wrote", "asked", "replied")

# Leading words dropped from a run before reading it.
LEADING = frozenset({"the", "a", "an", "this", "that", "these", "those", "our", "their",
                     "his", "her", "its", "my", "your", "and", "of", "in", "on", "for", "to"})

# Words that make a run a place, a site or an operation, never a person ("Gaza Strip",
# "Lake Kivu", "Senkaku Islands", "Abu Shouk camps", "Operation Sindoor").
PLACE_WORDS: frozenset[str] = frozenset("""
lake lakes island islands isle strip sea seas ocean river rivers mountain mountains mount
valley bay gulf peninsula region province oblast district county city town village camp
camps operation temple mandir mosque church cathedral shrine square street avenue road
airport port harbour harbor bridge dam plant station hotel palace hall centre center
university college school hospital park desert coast border canal crossing field fields
heights plateau basin delta cape straits strait channel zone line highway route
house
""".split())

# Heads of texts issued by someone ("Statement of the Ministry of ..."): with only listed
# actors as their complement they name a text by that actor, not a mechanism.
DOCUMENT_HEADS = frozenset({"statement", "statements", "communique", "communiqué", "remarks",
                            "message", "letter", "appeal", "address", "report"})

# Common given names that open a person's name ("Trevor Reed", "Brittney Griner", "Austin
# Tice"), beside those of the pack's own people: a name of two or three capitalised words
# that opens with one, and that the text never writes in lower case, is a person's. Names
# that are also common words or places ("Grace", "Jordan", "Georgia", "Victoria") are left out.
COMMON_GIVEN_NAMES: frozenset[str] = frozenset("""
aaron abdul abdullah abraham adam adrian ahmad ahmed aisha alan albert alberto alejandro
alex alexander alexandra alexei alfred ali alice alicia alina allison amanda amir amy ana
anatoly andrea andreas andrei andrew andrzej angela anna anne annie anthony antonio ashley
austin barbara benjamin bernard beth brandon brendan brett brian brittney bruce carl carla
carlos caroline catherine charles charlotte cheryl chris christian christina christine
christopher claire claudia colin craig cynthia daniel daniela danielle david deborah dennis
diana diego dmitry donald douglas dylan edward elena elizabeth emily emma eric erik evan
fatima fernando francisco frank fred gary george gerald gregory hamid hannah hassan heather
helen henry hussein ian igor ivan jack jacob james jamie jane janet jason javier jean
jeffrey jennifer jeremy jessica joan joe joel john jonathan jorge jose joseph joshua juan
judith julia julie justin karen katherine kathleen keith kelly kenneth kevin kim kimberly
kristina larry laura lauren leonid linda lisa luis maria marie mario mark martha martin
mary matthew megan melissa michael michelle miguel mikhail mohamed mohammad mohammed
muhammad nancy natalia nathan nicholas nicole nikolai oleg olga omar pablo pamela patricia
patrick paul pedro peter philip rachel rebecca richard robert roberto ronald ruth ryan
samantha samuel sandra sarah scott sean sergei sergey sharon shireen simon stephanie
stephen steven susan svetlana tatiana teresa thomas timothy todd trevor tyler valentina
victor vladimir walter wendy william yulia yuri zachary
""".split())
