"""First names common in London, so "monzo card, tom harris" is read as a name on a card.

Only used where a name is expected (cards, IDs, wallets, tags) or right after "name".
"""

from __future__ import annotations

FIRST_NAMES = frozenset(
    """
    aaron abdul abdullah abi abigail adam adaeze adebayo adele adrian agnieszka ahmed ahmad
    aidan aisha alan alba albert alex alexa alexander alexandra alfie ali alice alicia alina
    alison amal amanda amara amber amelia amina amir amit amy ana anastasia andre andrea andrew
    andrzej angela angelo anika anita anna anne annie anthony antonio anya archie ariana arjun
    arthur asha ashley aurora ava ayesha ayo bea beatrice bella ben benjamin beth bethany bilal
    bill billy bob bogdan brian bridget callum cameron carl carla carlos caroline carmen cassie
    catherine charles charlie charlotte chen chidi chika chinedu chioma chloe chris christian
    christina christopher ciara claire clara connor craig dan daniel daniela danny darius dave
    david dean deborah declan deepa dev diana diego dimitri dina dominic donna dylan ed eddie
    edward efua eileen ella ellie eliza elizabeth elena elif eloise emeka emily emma eric erin
    esther ethan eva evan eve evie ewa fahad faisal farah fatima felix femi finley finn fiona
    florence francesca frank fred freddie freya gabriel gabriela gary gavin gemma george georgia
    giulia giorgio grace graham greg hana hannah harley harriet harry harvey hassan hayley helen
    henry holly hugo ian ibrahim imogen imran ines irene isaac isabel isabella isla ivan jack
    jackson jacob jade jake james jamie jan jane jasmine jason jay jayden jean jen jenny jeremy
    jess jessica jo joan joanna joe joel john jon jonathan jordan jose joseph josh joshua joy
    juan jude julia julian julie justin kai kamal karen karim kate katie kayla keith kelly ken
    kevin khadija kieran kim kirsty kofi kwame kyle lara laura lauren layla leah lee leila leo
    leon lewis li liam lily lina lisa liz lola louis louise lucas lucia lucy luis luke lydia
    maciej maddie maisie malik mandy marco marek maria mariam marie mark marta martin mary maryam
    matt matthew max maya megan mei mehmet melissa mia michael michelle mike mila millie mira
    mohamed mohammed mohammad molly monica muhammad musa nadia naomi natalia natalie nathan neil
    nia nick nicola nicole nina noah noor nora oliver olivia omar oscar owen paolo patrick paul
    paula pawel peter phil philip phoebe piotr poppy priya qasim rachel rafael rahul raj ravi
    rebecca reece rhys richard rita rob robert robin rohan rory rosa rose ruby rui ryan sadia
    sally sam samir samantha samuel sana sandra sara sarah scarlett sean sebastian sergio shan
    shanice sian simon sofia sophia sophie stacey stella stephen steve steven stuart sunita
    susan suzanne tamara tanya tara tariq ted teresa theo thomas tim timothy tina toby tom tomasz
    tony tunde tyler uma usha valentina vanessa victor victoria vikram vincent wei wendy
    wiktoria will william xavier yasmin yusuf yvonne zac zach zainab zara zoe zofia
    """.split()
)
TITLES = frozenset("mr mrs ms miss dr mx master".split())
# Short names whose long form does not start with them: short -> long.
NICKNAMES = {
    "tom": "thomas", "mike": "michael", "jim": "james", "jimmy": "james", "bob": "robert",
    "rob": "robert", "bobby": "robert", "dave": "david", "liz": "elizabeth", "beth": "elizabeth",
    "bill": "william", "will": "william", "billy": "william", "jack": "john", "johnny": "john",
    "kate": "katherine", "katie": "katherine", "cathy": "catherine", "pete": "peter",
    "steve": "stephen", "tony": "anthony", "jenny": "jennifer", "jen": "jennifer",
    "mo": "mohammed", "mohammad": "mohammed", "muhammad": "mohammed", "mohamed": "mohammed",
    "ted": "edward", "harry": "henry", "peggy": "margaret", "maggie": "margaret",
    "meg": "margaret", "sue": "susan", "abby": "abigail", "nell": "eleanor", "sasha": "alexander",
}  # fmt: skip
