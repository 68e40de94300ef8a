"""The demo branch's geography: its four offices with real coordinates, and the districts,
roads and name parts the generator draws addresses and firm names from.

Coordinates are WGS84 degrees. Each area's `spread` keeps generated sites inside its towns
(Matsu's islands are small, so its spread is tight).
"""

OFFICES = (
    {
        "code": "KEELUNG",
        "name_zh": "基隆分局",
        "name_en": "Keelung (main office)",
        "address": "基隆市中正區義一路2號",
        "phone": "02-2422-8100",
        "lat": 25.1316,
        "lon": 121.7445,
        "is_island": False,
    },
    {
        "code": "WUDU",
        "name_zh": "五堵辦事處",
        "name_en": "Wudu",
        "address": "基隆市七堵區工建北路4號",
        "phone": "02-2451-3700",
        "lat": 25.0805,
        "lon": 121.6640,
        "is_island": False,
    },
    {
        "code": "SUAO",
        "name_zh": "蘇澳辦事處",
        "name_en": "Su'ao",
        "address": "宜蘭縣蘇澳鎮港區1號",
        "phone": "03-996-2100",
        "lat": 24.5950,
        "lon": 121.8510,
        "is_island": False,
    },
    {
        "code": "MATSU",
        "name_zh": "馬祖辦事處",
        "name_en": "Matsu",
        "address": "連江縣南竿鄉介壽村100號",
        "phone": "0836-22-500",
        "lat": 26.1600,
        "lon": 119.9490,
        "is_island": True,
    },
)

#: Per office code: towns as (district prefix, centre lat, centre lon, spread in degrees, roads).
AREAS = {
    "KEELUNG": (
        ("基隆市仁愛區", 25.1276, 121.7392, 0.008, ("愛一路", "愛三路", "仁一路", "南榮路")),
        ("基隆市信義區", 25.1290, 121.7580, 0.008, ("信一路", "東信路", "義七路", "深溪路")),
        ("基隆市中正區", 25.1420, 121.7700, 0.010, ("中正路", "北寧路", "新豐街", "祥豐街")),
        ("基隆市中山區", 25.1440, 121.7320, 0.008, ("中山一路", "復興路", "中和路", "西定路")),
        ("基隆市安樂區", 25.1330, 121.7150, 0.010, ("安樂路二段", "基金一路", "麥金路")),
        ("基隆市暖暖區", 25.1000, 121.7370, 0.008, ("暖暖街", "源遠路", "東勢街")),
    ),
    "WUDU": (
        ("基隆市七堵區", 25.0950, 121.7130, 0.010, ("明德一路", "百福路", "實踐路", "福五街")),
        (
            "新北市汐止區",
            25.0660,
            121.6560,
            0.012,
            ("大同路一段", "康寧街", "福德一路", "忠孝東路"),
        ),
        ("基隆市七堵區五堵", 25.0805, 121.6700, 0.006, ("工建北路", "堵南街", "實踐路")),
    ),
    "SUAO": (
        ("宜蘭縣蘇澳鎮", 24.5950, 121.8510, 0.010, ("中山路一段", "蘇港路", "中原路", "福德路")),
        ("宜蘭縣蘇澳鎮南方澳", 24.5840, 121.8670, 0.005, ("南寧路", "江夏路", "漁港路")),
        ("宜蘭縣冬山鄉", 24.6360, 121.7920, 0.012, ("冬山路", "義成路", "光明路")),
        ("宜蘭縣羅東鎮", 24.6770, 121.7700, 0.010, ("中正路", "興東路", "公正路", "純精路")),
    ),
    "MATSU": (
        ("連江縣南竿鄉介壽村", 26.1590, 119.9490, 0.004, ("介壽路", "山隴路")),
        ("連江縣南竿鄉復興村", 26.1510, 119.9330, 0.003, ("復興路", "福澳路")),
        ("連江縣北竿鄉塘岐村", 26.2230, 119.9990, 0.004, ("中正路", "塘岐路")),
        ("連江縣東引鄉中柳村", 26.3670, 120.4930, 0.003, ("中柳路",)),
    ),
}

FIRM_WORDS = (
    "海港",
    "東興",
    "永豐",
    "長榮",
    "大同",
    "福德",
    "金山",
    "南榮",
    "全興",
    "祥和",
    "新豐",
    "瑞成",
    "建和",
    "信義",
    "仁愛",
    "中和",
    "寶島",
    "順發",
    "明德",
    "德昌",
)

#: Site kind -> (firm name suffixes, instrument types found there with (min, max) counts).
SITE_KINDS = {
    "gas_station": (("加油站",), (("fuel_dispenser", 4, 10),)),
    "taxi_company": (("計程車行", "車隊"), (("taximeter", 5, 18),)),
    "market": (("市場攤商", "魚市", "果菜行"), (("nawi", 4, 12), ("personal_scale", 0, 2))),
    "shop": (("超市", "五金行", "藥局", "銀樓"), (("nawi", 1, 5), ("personal_scale", 0, 2))),
    "utility": (
        ("自來水所", "瓦斯行", "電力處"),
        (
            ("water_meter", 2, 8),
            ("gas_meter_diaphragm", 1, 6),
            ("electricity_meter", 2, 8),
        ),
    ),
    "township_stall": (
        ("社區活動中心",),
        (
            ("sphygmomanometer", 3, 9),
            ("ir_ear_thermometer", 2, 6),
            ("personal_scale", 2, 6),
        ),
    ),
    "container_yard": (("貨櫃場", "報關行"), (("nawi", 1, 3),)),
}

SURNAMES = ("陳", "林", "黃", "張", "李", "王", "吳", "劉", "蔡", "楊", "許", "鄭", "謝", "郭")
GIVEN = (
    "志明",
    "淑芬",
    "家豪",
    "怡君",
    "俊傑",
    "雅婷",
    "建宏",
    "美玲",
    "冠宇",
    "佩珊",
    "宗翰",
    "惠如",
)

MAKES = {
    "nawi": ("Tanita", "CAS", "A&D", "Ishida", "Mettler Toledo"),
    "fuel_dispenser": ("Tatsuno", "Tokheim", "Gilbarco", "Wayne"),
    "water_meter": ("Sensus", "Itron", "Elster"),
    "electricity_meter": ("大同", "士林電機", "Itron"),
    "gas_meter_diaphragm": ("Elster", "Itron"),
    "taximeter": ("明光", "振宇", "Centrodyne"),
    "sphygmomanometer": ("Omron", "Microlife", "Rossmax"),
    "ir_ear_thermometer": ("Braun", "Microlife", "Rossmax"),
    "personal_scale": ("Tanita", "Omron", "Xiaomi"),
}
