"""Word lists the quote finder relies on: titles, roles, organisation and place words, common
given names with their usual gender, and the capitalised function words that start sentences.

Owns nothing but data; every list is general English usage, not tuned to any article.
"""

from __future__ import annotations

from nameparser.config import CONSTANTS as _NAME_CONSTANTS

__all__ = [
    "ANY_TITLES",
    "COMMON_PERSON_NOUNS",
    "COMMON_SUBJECTS",
    "DOCUMENT_HEADS",
    "FEMALE_NAMES",
    "FEMALE_WORDS",
    "GIVEN_NAMES",
    "GROUP_NOUNS",
    "HONORIFICS",
    "KIN_WORDS",
    "LEADING_WORDS",
    "MALE_NAMES",
    "MALE_WORDS",
    "MODIFIED_NOUNS",
    "MONTHS",
    "NATIONALITIES",
    "ORG_HEADS",
    "ORG_WORDS",
    "OUTLET_HEADS",
    "OUTLET_WORDS",
    "PEOPLE_ADJECTIVES",
    "PERSON_NOUNS",
    "PLACE_NOUNS",
    "PLACE_PREFIXES",
    "PLACE_WORDS",
    "ROLE_WORDS",
    "SUBORDINATORS",
    "TITLE_MODIFIERS",
    "TITLE_NORMAL",
    "TITLE_WORDS",
    "WEEKDAYS",
    "words",
]


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
"""The months' names, lower-case, in the calendar's order (index 0 is January)."""
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""The days of the week, lower-case, Monday first."""

SUBORDINATORS = words(
    "when as after before while once if although though because since until unless"
)
"""What opens a subordinate clause ("When Ruiz spoke, …", "…, as Ortiz said")."""

LEADING_WORDS = words(
    """the a an in on at but and or so yet after before when while if as although though since
    because then now still also however meanwhile this that these those it he she they we i you
    his her their our my your its what who whom why how where which there here asked speaking
    according last next earlier later today yesterday tonight for from to with without by of
    not no yes even just only both either neither every each many most some all during despite
    under over into about instead unlike like than among between nor once until unless whether
    whatever whoever said says told added asked wrote like maybe perhaps indeed nevertheless
    nonetheless interestingly ironically apparently clearly obviously surely notably moreover
    furthermore meanwhile likewise similarly unfortunately fortunately importantly thus hence
    therefore alongside"""
)
TITLE_WORDS = words(
    """president vice secretary sen. senator sens. senators rep. reps. representative gov.
    governor mayor minister chancellor ambassador spokesman spokeswoman spokesperson director
    chairman chairwoman chair ceo commissioner speaker leader judge justice attorney general gen.
    lt. col. mr. mrs. ms. dr. prof. rev. sgt. capt. adm. maj. cmdr. candidate nominee chief
    officer councilman councilwoman congressman congresswoman sheriff superintendent deputy
    lieutenant colonel captain admiral sergeant coach pastor bishop pope king queen prince
    princess sir dame lord host anchor journalist reporter correspondent editor columnist analyst
    professor dean founder economist strategist pollster adviser advisor aide manager chairperson
    treasurer trustee premier lawmaker delegate hon. amb. supt. det. msgr. fr. atty. sec.
    pres. presidential moderator representatives del. cllr. ald."""
)
ROLE_WORDS = TITLE_WORDS | words(
    """official analyst expert historian scholar lawyer researcher economist activist organizer
    strategist consultant operative surrogate supporter critic businessman businesswoman
    billionaire entrepreneur investor actor actress singer rapper comedian author writer novelist
    physician doctor surgeon nurse scientist veteran mother father wife husband son daughter
    sister brother friend resident voter student teacher worker owner executive lobbyist donor
    democrat republican independent legislator diplomat envoy negotiator prosecutor detective
    investigator agent soldier commander pilot publisher producer commentator pundit physicist
    organizer partner director head narrator woman man widow widower mogul tycoon magnate
    developer front-runner frontrunner contender hopeful incumbent challenger heiress constituent"""
)
TITLE_MODIFIERS = words(
    """former acting deputy senior chief top retired incoming outgoing interim assistant associate
    executive general vice press national foreign state presidential democratic republican gop
    ranking campaign communications policy political white house of the and"""
)
TITLE_NORMAL = {
    "sen.": "senator",
    "sens.": "senator",
    "senators": "senator",
    "rep.": "representative",
    "reps.": "representative",
    "representatives": "representative",
    "congressman": "representative",
    "congresswoman": "representative",
    "gov.": "governor",
    "gen.": "general",
    "lt.": "lieutenant",
    "col.": "colonel",
    "sec.": "secretary",
    "pres.": "president",
    "del.": "delegate",
    "spokeswoman": "spokesman",
    "spokesperson": "spokesman",
    "chairwoman": "chairman",
    "chair": "chairman",
    "advisor": "adviser",
    "presidential": "president",
}
HONORIFICS = words("mr mrs ms miss mr. mrs. ms.")
"""What is put before a name out of courtesy, telling no role."""
KIN_WORDS = words("mother father wife husband son daughter sister brother widow widower friend")
"""What someone is to another person, not a role of their own: a "brother" may still be "the
former president"."""
ORG_WORDS = words(
    """house committee department campaign party times post news journal association institute
    university college center centre council agency bureau court congress senate administration
    office commission foundation fund group inc inc. corp corp. company network service union
    bank board coalition alliance organization organisation federation society club project
    magazine review tribune herald gazette daily reuters associated politico cnn fox nbc abc cbs
    msnbc npr bbc fbi cia nsa pentagon kremlin ministry parliament government police republicans
    democrats trust partners research report program school hospital church army navy force guard
    corps assembly legislature watch international initiative authority states nations kingdom
    republic politifact factcheck twitter facebook google caucus gop dnc rnc aclu naacp epa irs
    nato eu media radio television tv show channel institution laboratory museum library
    industries co. llc ltd healthcare studios records press debates commission clinic
    immigration services security investigations enforcement convention technologies systems
    league movement academy forum
    holdings corporation airlines"""
)
PLACE_NOUNS = words(
    """county city island valley beach park river lake mountain mountains bay street avenue road
    square district province region state states coast airport station hall capitol county's
    town village heights springs falls harbor port"""
)
"""The common nouns that end a place's name ("Kent County", "Harbor Point")."""
PLACE_WORDS = PLACE_NOUNS | words(
    """asia africa europe america americas
    alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
    hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
    michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon
    pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming chicago
    boston philadelphia manhattan brooklyn queens bronx atlanta detroit cleveland denver miami
    houston dallas phoenix seattle baltimore pittsburgh charlotte orlando tampa london paris
    berlin moscow beijing tokyo russia china ukraine iran iraq syria israel mexico canada japan
    germany france britain england india pakistan afghanistan korea cuba venezuela brazil egypt
    turkey europe latvia estonia lithuania poland crimea u.s. u.s.a. usa u.k. uk
    rico arabia zealand australia italy spain greece sweden norway denmark finland netherlands
    belgium switzerland austria hungary romania bulgaria serbia croatia ireland scotland
    portugal nigeria kenya ethiopia somalia sudan libya tunisia morocco algeria yemen oman
    qatar kuwait bahrain lebanon indonesia malaysia philippines vietnam thailand cambodia
    burma myanmar bangladesh nepal taiwan singapore argentina chile colombia peru ecuador
    bolivia uruguay paraguay nicaragua honduras guatemala haiti belarus kazakhstan
    uzbekistan armenia azerbaijan moldova slovakia slovenia"""
)
PLACE_PREFIXES = words(
    """north south east west new los las san santa saint st. fort lake mount port upper lower
    central northern southern eastern western greater"""
)
ORG_HEADS = words(
    """campaign committee department administration agency office government council court board
    group company firm party union organization organisation coalition team ministry senate
    congress police network station newspaper magazine paper site website outlet bank
    commission institute center foundation fund association"""
)
OUTLET_HEADS = words("newspaper paper magazine network station website site outlet")
OUTLET_WORDS = words(
    """news times post journal tribune herald gazette daily magazine review press radio tv
    television network channel broadcasting reuters politico cnn fox nbc abc cbs msnbc npr bbc
    ap"""
)
"""What a news outlet is called in a description ("the newspaper") and the words its name
holds ("Daily News")."""
DOCUMENT_HEADS = words(
    """statement report book letter ad advertisement memo release study poll survey analysis
    article editorial post tweet email complaint lawsuit filing ruling order bill website page
    document video transcript message note column op-ed essay memoir platform petition
    indictment affidavit spot sign banner headline caption story piece readout commentary
    opinion blog interview profile review dispatch obituary investigation inquiry probe audit
    assessment resolution"""
)
FEMALE_WORDS = words(
    """mrs. ms. miss madam spokeswoman chairwoman congresswoman councilwoman businesswoman queen
    princess dame lady actress mother wife daughter sister woman she her hers herself widow
    grandmother granddaughter niece aunt girlfriend assemblywoman anchorwoman"""
)
MALE_WORDS = words(
    """mr. spokesman chairman congressman councilman businessman king prince sir lord father
    husband son brother man he him his himself widower grandfather grandson nephew uncle
    boyfriend assemblyman anchorman"""
)
FEMALE_NAMES = words(
    """mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty
    margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah
    stephanie rebecca sharon laura cynthia kathleen amy shirley angela helen anna brenda pamela
    nicole emma samantha katherine christine debra rachel catherine carolyn janet ruth maria
    heather diane virginia julie joyce victoria olivia kelly christina lauren joan evelyn judith
    megan cheryl andrea hannah martha jacqueline frances gloria ann teresa kathryn sara janice
    jean alice madison doris abigail julia judy grace denise amber marilyn beverly danielle
    theresa sophia marie diana brittany natalie isabella charlotte rose alexis kayla hillary
    hilary jen jenny jane kamala nikki elise ivanka melania chelsea michele condoleezza madeleine
    loretta sally kellyanne huma hope kate katie dianne kirsten tammy tulsi maxine ilhan
    alexandria marsha joni cindy meghan sonia elena tina claire susana valerie sheila gwen debbie
    jill dana liz lindsay megyn robin kristen kirstjen gretchen lori ursula giorgia marine
    jacinda yulia melanie carla krystal veronica christina erin caroline molly eleanor beth
    wendy paula kristin leslie monica tanya vanessa natasha irina olga svetlana"""
)
MALE_NAMES = words(
    """james john robert michael william david richard joseph thomas charles christopher daniel
    matthew anthony antony mark donald steven paul andrew joshua kenneth kevin brian george
    timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry
    justin scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis
    jerry tyler aaron jose adam nathan henry douglas zachary peter kyle noah ethan jeremy walter
    christian keith roger terry austin sean gerald carl harold dylan arthur lawrence jordan jesse
    bryan billy bruce gabriel joe logan albert willie alan eugene russell vincent philip bobby
    johnny bradley roy ralph randy wayne howard mitch mitchell barack bill bernie ted marco rand
    chris mike newt rudy reince jeb dick rick hugh vladimir sergey sergei xi boris emmanuel
    narendra recep bashar hassan ali mohammed muhammad ahmed omar abdul tim tom jim bob rob dan
    steve ben sam nick pat ron ken greg jeff al chuck harry pete beto cory jay elijah devin
    jared don hakeem mohamed abdel ibrahim josh jake wolf lester rex jeh ashton norman luis
    carlos juan miguel enrique victor jorge pedro manuel antonio francisco"""
)
GIVEN_NAMES = FEMALE_NAMES | MALE_NAMES
"""Common given names of either gender, lower-case."""
MODIFIED_NOUNS = ORG_HEADS | words(
    """camp supporters aides allies staff voters backers fans administration era presidency
    foundation family supporters rally rallies speech speeches email emails server tweets
    campaign's plan plans policy policies proposal proposals victory win loss nomination
    organization adviser advisers spokesman spokeswoman lawyer lawyers attorney doctor"""
)
_PEOPLE = words(
    """person people questioner narrator announcer voice caller viewer reader user protester
    demonstrator resident official critic supporter analyst expert observer witness neighbor
    source member worker voter student parent man woman participant attendee delegate aide
    staffer adviser advisor insider spokesman spokeswoman spokesperson representative leader
    lawmaker activist organizer customer employee official colleague friend relative"""
)
PERSON_NOUNS = (
    ROLE_WORDS
    | _PEOPLE
    | frozenset(word + "s" for word in _PEOPLE)
    | words("men women police protesters demonstrators officials critics")
)
COMMON_PERSON_NOUNS = words(
    """person man woman boy girl source official insider member employee staffer aide adviser
    advisor spokesman spokeswoman spokesperson worker voter resident student parent witness
    neighbor participant attendee observer friend relative colleague customer user caller viewer
    reader narrator announcer voice questioner"""
)
"""Nouns anyone may be called ("the source", "the woman"): such a description names someone
only where the article sets the word next to that person's name."""

_NUMBER_WORDS = words("one two three four five six seven eight nine ten another")
ANY_TITLES = (
    (
        ROLE_WORDS
        | frozenset(
            title for title in _NAME_CONSTANTS.titles if title.isascii() and title.isalpha()
        )
        | _NUMBER_WORDS
    )
    - FEMALE_NAMES
    - MALE_NAMES
    - LEADING_WORDS
)
"""Words that, in front of a name, are a title or a role ("Rabbi", "Alderman", "Actor"): our
role words and the titles the nameparser package knows."""

NATIONALITIES = words(
    """american russian chinese european british french german mexican israeli iranian ukrainian
    african asian latino hispanic muslim christian jewish catholic saudi iraqi syrian"""
)
"""Words for the people of a nation, a region or a faith; their plurals ("Americans",
"Saudis") name a group, not a speaker."""

PEOPLE_ADJECTIVES = NATIONALITIES | words(
    "republican democratic democrat conservative liberal progressive libertarian federal national"
)
"""Words that, alone, describe people rather than name one. Colours and nationalities that are
also surnames ("Black said") are left out: alone before a verb, they are the surname."""

GROUP_NOUNS = (
    (
        frozenset(word + "s" for word in ROLE_WORDS | _PEOPLE if not word.endswith((".", "s")))
        | words("men women people police protesters demonstrators officials critics children")
    )
    - LEADING_WORDS
    - words("democrats republicans independents")
)
"""Plural nouns for people ("readers", "historians", "officials"): a sentence that opens with
one, capitalised, names a group, not a person (party members are a name: "Republicans")."""

COMMON_SUBJECTS = words(
    """employers consumers shoppers regulators authorities opponents farmers companies firms
    businesses banks lenders borrowers markets stocks shares prices wages sales households
    homeowners landlords tenants advocates volunteers drivers passengers patients
    firefighters troops refugees migrants immigrants citizens taxpayers fans players retailers
    manufacturers"""
)
"""Plural nouns for the people, firms and figures news is about, which a summary may open a
sentence with in other words than the article's ("Employers added…" where it says "payrolls
grew"): a group or a thing, not a name, and not one doer."""
