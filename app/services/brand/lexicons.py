"""What the local brand analyzer looks for: tone, style and audience words, feature cues, noise.

Plain data: the word stems per attribute (a stem matches the start of a word), the phrases that
mark a product feature, and the site chrome (cookie banners, menus) that is never a feature.
"""

from __future__ import annotations

import re

# Brand attribute -> word stems/phrases that signal it (matched at word starts).
TONE_LEXICON: dict[str, tuple[str, ...]] = {
    "luxury": (
        "luxur",
        "premium",
        "exclusive",
        "exquisite",
        "opulen",
        "prestig",
        "haute",
        "finest",
        "bespoke",
        "couture",
        "indulg",
        "high-end",
    ),
    "elegant": ("elegan", "refined", "sophisticat", "graceful", "timeless", "classy", "polished"),
    "sustainable": (
        "sustainab",
        "eco-friendly",
        "eco friendly",
        "organic",
        "recycl",
        "biodegrad",
        "compost",
        "carbon",
        "planet",
        "ethical",
        "fair trade",
        "renewable",
        "zero waste",
        "zero-waste",
        "plastic-free",
        "plastic free",
        "responsibly",
        "upcycl",
    ),
    "natural": ("natural", "plant-based", "plant based", "botanical", "non-toxic", "vegan", "earth"),
    "playful": (
        "fun",
        "playful",
        "joy",
        "delight",
        "quirky",
        "colorful",
        "colourful",
        "cheerful",
        "whimsical",
    ),
    "technical": (
        "engineer",
        "technolog",
        "precision",
        "specification",
        "specs",
        "performance",
        "patent",
        "lab-tested",
        "lab tested",
        "scientific",
        "advanced",
        "firmware",
        "sensor",
    ),
    "innovative": (
        "innovat",
        "cutting-edge",
        "cutting edge",
        "next-gen",
        "breakthrough",
        "pioneer",
        "reimagin",
    ),
    "minimalist": ("minimal", "simplicity", "essentials", "clean lines", "clutter-free", "understated"),
    "bold": ("bold", "daring", "fearless", "unapologetic", "statement", "stand out"),
    "friendly": ("friendly", "welcom", "community", "together", "we're here", "say hello", "love"),
    "trustworthy": (
        "trusted",
        "guarantee",
        "warranty",
        "certified",
        "reliable",
        "proven",
        "money-back",
        "money back",
    ),
    "handcrafted": (
        "handmade",
        "hand-made",
        "handcraft",
        "hand-craft",
        "artisan",
        "small batch",
        "small-batch",
        "craftsmanship",
    ),
    "adventurous": ("adventur", "outdoor", "explore", "wilderness", "trail", "expedition", "rugged"),
    "calm": ("calm", "relax", "mindful", "wellness", "wellbeing", "well-being", "serene", "soothing"),
    "energetic": ("energ", "dynamic", "athlet", "workout", "fitness", "sport", "high-intensity"),
    "professional": ("professional", "enterprise", "b2b", "industry-leading", "expert"),
    "affordable": ("affordable", "budget", "great value", "best value", "low price", "discount", "bargain"),
    "modern": ("modern", "contemporary", "sleek"),
    "classic": ("classic", "heritage", "tradition", "vintage", "iconic", "legacy", "since 1", "est. 1"),
    "caring": ("gentle", "sensitive skin", "nurtur", "safe for kids", "safe for babies", "caring"),
}

# Visual style -> signals in the text.
STYLE_LEXICON: dict[str, tuple[str, ...]] = {
    "minimalist": ("minimal", "clean", "simple", "simplicity", "understated"),
    "vibrant": ("vibrant", "colorful", "colourful", "bright", "neon", "pop of colo"),
    "earthy": ("earthy", "wood", "linen", "stone", "terracotta", "clay", "natural materials"),
    "elegant": ("elegan", "refined", "luxur", "sophisticat"),
    "modern": ("modern", "sleek", "contemporary"),
    "vintage": ("vintage", "retro", "heritage", "nostalg"),
    "lifestyle photography": ("lifestyle", "everyday", "real people", "at home", "in real life"),
    "outdoor scenes": ("outdoor", "trail", "mountain", "beach", "forest", "camping"),
    "soft pastel": ("pastel", "soft", "dreamy", "blush"),
    "dark and moody": ("moody", "noir", "midnight", "after dark"),
    "industrial": ("industrial", "steel", "concrete", "raw material"),
    "playful illustration": ("illustrat", "cartoon", "doodle", "sticker"),
    "technical detail shots": ("specification", "engineer", "precision", "close-up", "close up"),
}

AUDIENCE_LEXICON: dict[str, tuple[str, ...]] = {
    "women": ("for women", "women's", "womens", "ladies", "for her"),
    "men": ("for men", "men's", "mens ", "gentlemen", "for him"),
    "parents": ("parents", "moms", "mums", "dads", "new mom", "families", "family"),
    "kids": ("kids", "children", "toddler", "baby", "babies"),
    "athletes": ("athlete", "runners", "cyclists", "gym", "fitness enthusiasts"),
    "outdoor enthusiasts": ("hikers", "campers", "outdoor enthusiasts", "adventurers", "climbers"),
    "businesses": ("small business", "businesses", "teams", "entrepreneurs", "enterprise", "companies"),
    "professionals": (
        "professionals",
        "contractors",
        "tradespeople",
        "electricians",
        "technicians",
        "plumbers",
    ),
    "developers": ("developers", "engineers", "programmers"),
    "creators": ("creators", "artists", "designers", "photographers", "makers"),
    "home cooks": ("home cooks", "chefs", "foodies", "home cook"),
    "pet owners": ("pet owners", "dog owners", "cat owners", "your dog", "your cat", "your pet"),
    "travelers": ("travelers", "travellers", "globetrotters", "frequent flyers"),
    "students": ("students", "campus", "back to school"),
    "gamers": ("gamers", "gaming"),
    "beauty lovers": ("skincare", "skin care", "makeup", "beauty routine"),
    "gardeners": ("gardeners", "gardening", "green thumb"),
}

AUDIENCE_QUALIFIER = {
    "sustainable": "who care about sustainability",
    "luxury": "who seek premium quality",
    "affordable": "looking for good value",
    "technical": "who value performance and detail",
    "handcrafted": "who appreciate craftsmanship",
    "natural": "who prefer natural products",
    "adventurous": "with an active, outdoor lifestyle",
    "calm": "looking for calm and wellbeing",
}

FEATURE_CUES = re.compile(
    r"\b(made (?:from|with|in|of)|crafted|designed|built|features?|includes?|waterproof|water-resistant|"
    r"lightweight|durable|warranty|guarantee|free (?:shipping|delivery|returns)|certified|organic|recycled|"
    r"handmade|battery|hours?|minutes?|charg|wireless|adjustable|machine washable|dishwasher|vegan|"
    r"cruelty-free|gluten-free|non-toxic|refill|compostable|stainless|leather|cotton|wool|bamboo|"
    r"\d+\s?%|\d+\s?(?:mm|cm|kg|g|ml|l|oz|lb|mah|w|hz))",
    re.IGNORECASE,
)
BOILERPLATE = re.compile(
    r"cookie|privacy|terms|newsletter|subscribe|sign ?in|log ?in|sign ?up|cart|checkout|account|"
    r"copyright|©|all rights reserved|javascript|menu|skip to|contact us|follow us|instagram|facebook|"
    r"twitter|tiktok|youtube|pinterest|linkedin|read more|learn more|shop now|buy now|add to|view all|"
    r"see all|loading|search",
    re.IGNORECASE,
)
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each every few for from further get
    got had has have having he her here hers herself him himself his how i if in into is it its itself
    just let me more most my myself no nor not now of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who whom
    why will with would you your yours yourself yourselves new one two get make made use using per
    like need want way well even much many may might must us via yet still back home page site shop
    buy now free shipping cart account login sign menu search view all more read learn click here""".split()  # noqa: SIM905
)
