"""Fictional names: people's and synthetic staff's, and the employers of redundancy situations."""

GIVEN = (  # noqa: SIM905
    "Alex Jamie Morag Iain Fiona Kenny Shona Graeme Isla Ross Catriona Euan Kirsty Duncan Mairi Stuart Aileen "
    "Hamish Lorna Craig Agnieszka Tariq Mei Femi Ewan Rhona Calum Eilidh Fraser Gillian Alasdair Moira Scott "
    "Karen Gordon Heather Lewis Ailsa Brian Jennifer Neil Louise Gary Nicola Derek Claire Murdo Kirsten Sandy "
    "Wendy Owen Leanne Ryan Amy Kieran Zara Imran Priya Olu Marta Tomasz Oksana Bilal Yusuf Grace Rosa"
).split()
# Family names are drawn unevenly (a few common, many rare), as real surnames are.
FAMILY = (  # noqa: SIM905
    "Campbell Stewart MacDonald Robertson Thomson Anderson Reid Murray Ross Paterson Kowalski Hussain Chen "
    "Adeyemi Gillespie Kerr Baird Munro Wallace Docherty MacLeod Fraser Sinclair Grant Mackenzie Scott Young "
    "Mitchell Watson Morrison Clark Hamilton Johnston Duncan Ferguson Cameron Hunter Kennedy McIntyre Gray "
    "Buchanan Lindsay Drummond Cunningham Henderson Crawford Boyle Quinn Rennie Souter Nowak Ahmed Singh "
    "Okafor Lennox Galbraith Urquhart Rankin Tait Menzies Sutherland Gunn Kelly Forsyth Brodie McGregor Weir"
).split()
EMPLOYER_FIRST = (  # noqa: SIM905
    "Clydeside Northbank Tayside Fife Coast Lomond Forth Ochil Cairngorm Solway Moray Firth Pentland Trossachs "
    "Kelvin Carron Deveron Ettrick Strathearn Campsie Lammermuir Cowal Kintyre Glenrothes Dalriada Annan Leven "
    "Garnock Irvine Esk Nith Tweed Spey Ythan Don Dee Almond Avon Allan"
).split()
EMPLOYER_SECOND = {
    "manufacturing": ["Fabrication", "Engineering", "Components", "Textiles", "Plastics", "Metalworks"],
    "energy": ["Offshore Services", "Drilling Supplies", "Renewables", "Subsea Engineering"],
    "construction": ["Builders", "Civil Engineering", "Joinery", "Scaffolding"],
    "retail": ["Garden Centres", "Department Store", "Home Stores", "Wholesale"],
    "hospitality": ["Hotels", "Leisure", "Catering", "Inns"],
    "transport": ["Logistics", "Haulage", "Ferries", "Coaches"],
    "finance": ["Contact Centre", "Insurance Services", "Building Society", "Payroll Services"],
    "public": ["Council Services", "Shared Services", "Agency Office"],
    "health": ["Care Homes", "Home Care", "Dental Practices"],
    "creative": ["Studios", "Print Works", "Games"],
    "food_drink": ["Distillery", "Bakeries", "Seafood", "Dairies", "Maltings"],
    "other": ["Services", "Trading", "Holdings"],
}
SECTOR_WEIGHTS = {
    "manufacturing": 8,
    "energy": 3,
    "construction": 4,
    "retail": 6,
    "hospitality": 5,
    "transport": 4,
    "finance": 5,
    "public": 3,
    "health": 3,
    "creative": 2,
    "food_drink": 4,
    "other": 3,
}
SUFFIXES = ("Ltd", "Ltd", "plc", "Group", "LLP", "Co.")
