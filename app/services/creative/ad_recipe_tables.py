"""The ad planner's rule book: framework beats, the nine style recipes and copy templates.

Kept as plain data so the local planner, the DeepSeek prompt and the tests all
read the same rules. A framework decides *what each scene says* (Problem,
Agitate, Solve...), a style decides *what each scene shows* (package, reveal,
close-up...). Templates use ``str.format`` fields filled by the planner:
``{product}``, ``{category}``, ``{benefit}``, ``{benefit2}``, ``{pain}``,
``{audience}``, ``{offer}``, ``{brand}``.

Plain data; ``ad_recipes`` reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

AD_FRAMEWORKS = ("PAS", "BAB", "AIDA")
AD_STYLES = (
    "voiceover",
    "comparison",
    "narrative",
    "showcase_360",
    "brand_film",
    "unboxing",
    "tutorial",
    "limited_offer",
    "scene_integration",
)

# Beats with their base durations (seconds); the planner scales them to the ad's length.
FRAMEWORK_BEATS: dict[str, list[tuple[str, float]]] = {
    "PAS": [("problem", 4.0), ("agitate", 3.0), ("solve", 4.0), ("resolution", 4.0)],
    "BAB": [("before", 5.0), ("after", 5.0), ("bridge", 5.0)],
    "AIDA": [("attention", 3.0), ("interest", 4.0), ("desire", 5.0), ("action", 3.0)],
}

FRAMEWORK_NAMES = {
    "PAS": "Problem, Agitate, Solve",
    "BAB": "Before, After, Bridge",
    "AIDA": "Attention, Interest, Desire, Action",
}

# Words that mark a product that fixes a problem (-> PAS) or sells a better self (-> BAB).
PROBLEM_WORDS = (
    "fix", "solve", "solves", "pain", "relief", "relieve", "remove", "removes", "stain", "prevent",
    "protect", "protection", "stop", "leak", "leakproof", "mess", "messy", "odor", "odour", "smell",
    "acne", "ache", "sore", "repair", "clutter", "organize", "organiser", "organizer", "tangle",
    "spill", "spills", "dry skin", "frizz", "snoring", "allergy", "allergies", "bacteria", "germs",
    "hassle", "struggle", "tired of", "no more", "never again", "waterproof", "anti", "cold coffee",
    "back pain", "insomnia", "sweat", "cleaner", "cleaning", "dust", "mold", "mould", "broken",
)  # fmt: skip
ASPIRATION_WORDS = (
    "luxury", "luxurious", "premium", "elegant", "elegance", "dream", "transform", "glow", "radiant",
    "confidence", "confident", "lifestyle", "fashion", "beauty", "fitness", "travel", "upgrade",
    "elevate", "perfume", "fragrance", "jewelry", "jewellery", "watch", "designer", "exclusive",
    "sculpted", "toned", "wellness", "self-care", "ritual", "adventure", "success", "statement",
    "signature", "iconic", "timeless", "silk", "cashmere", "gold",
)  # fmt: skip
# A style nudges the choice: a comparison is a problem-solution story, a brand film an aspiration.
STYLE_FRAMEWORK_BIAS: dict[str, str] = {
    "comparison": "PAS",
    "tutorial": "PAS",
    "brand_film": "BAB",
    "narrative": "BAB",
}


@dataclass(frozen=True)
class Shot:
    """One scene of a style recipe: what the camera sees and how the local engine draws it."""

    kind: str
    visual: str  # visual prompt template
    motion: str = "push_in"  # camera move of the local engine
    backdrop: str = "studio"  # compositor scene style
    product: str = "still"  # i2v treatment: still, parallax, float, turntable, closeup
    graphic: str = "hero"  # t2v graphic: hero, package, split, burst, steps, orbit, clock
    position: str = "lower_third"  # caption position
    caption: tuple[str, ...] = ()  # shot-specific captions (override the beat's)
    line: tuple[str, ...] = ()  # shot-specific voiceover lines


@dataclass(frozen=True)
class StyleRecipe:
    style: str
    label: str
    shots: tuple[Shot, ...]
    transition: str = "fade"  # fade, slide, wipe, zoom
    mood: str = "calm"  # procedural music mood
    grade: str = "natural"
    cta: tuple[str, ...] = ("Shop {product} today", "Shop now")
    look: str = ""  # words added to every visual prompt
    # For a 3-beat framework, which of the 4 shots to use.
    three: tuple[int, int, int] = (0, 1, 3)
    notes: list[str] = field(default_factory=list)


RECIPES: dict[str, StyleRecipe] = {
    "voiceover": StyleRecipe(
        "voiceover",
        "Voiceover",
        (
            Shot(
                "hook",
                "{product} as the bold hero of the frame, clean backdrop, strong silhouette",
                "push_in",
                "studio",
                "still",
                "hero",
                "upper_third",
            ),
            Shot(
                "context",
                "{product} in everyday use, natural home setting, soft daylight",
                "pan_right",
                "lifestyle",
                "parallax",
                "hero",
            ),
            Shot(
                "benefit",
                "close-up of {product} showing {benefit}, shallow depth of field",
                "ken_burns",
                "minimalist",
                "closeup",
                "hero",
            ),
            Shot(
                "hero_end",
                "{product} centred on a clean surface with space for the offer",
                "pull_out",
                "studio",
                "float",
                "hero",
                "center",
            ),
        ),
        transition="fade",
        mood="calm",
        grade="natural",
        look="narrated product spot, steady framing",
    ),
    "comparison": StyleRecipe(
        "comparison",
        "Comparison",
        (
            Shot(
                "ordinary",
                "a dull, ordinary {category} on a grey surface, flat lighting, slightly desaturated",
                "pan_left",
                "minimalist",
                "still",
                "split",
                "upper_third",
            ),
            Shot(
                "side_by_side",
                "split screen: the ordinary option on the left, {product} on the right",
                "push_in",
                "studio",
                "parallax",
                "split",
            ),
            Shot(
                "proof",
                "close-up proof of the difference: {benefit}",
                "ken_burns",
                "minimalist",
                "closeup",
                "hero",
            ),
            Shot(
                "winner",
                "{product} on a podium, bright winning light",
                "pull_out",
                "studio",
                "float",
                "burst",
                "center",
                caption=("The clear winner", "{product} wins"),
                line=("The choice is clear.", "{product} wins, every time."),
            ),
        ),
        transition="wipe",
        mood="tech",
        grade="vibrant",
        look="side-by-side comparison, clear contrast between before and after",
    ),
    "narrative": StyleRecipe(
        "narrative",
        "Narrative",
        (
            Shot(
                "setup",
                "a relatable everyday moment of {audience}, warm cinematic light, story opening",
                "pan_right",
                "lifestyle",
                "still",
                "hero",
                "upper_third",
            ),
            Shot(
                "discovery",
                "the moment {product} enters the story, hands reaching for it",
                "push_in",
                "lifestyle",
                "parallax",
                "hero",
            ),
            Shot(
                "change",
                "life with {product}: {benefit}, candid and warm",
                "ken_burns",
                "lifestyle",
                "float",
                "hero",
            ),
            Shot(
                "ending",
                "a warm closing moment with {product} in frame, golden light",
                "pull_out",
                "lifestyle",
                "still",
                "hero",
                "center",
            ),
        ),
        transition="fade",
        mood="calm",
        grade="cinematic",
        look="short story arc, cinematic storytelling",
    ),
    "showcase_360": StyleRecipe(
        "showcase_360",
        "360° showcase",
        (
            Shot(
                "front",
                "{product} front view on a turntable, seamless studio backdrop",
                "push_in",
                "studio",
                "turntable",
                "orbit",
                "upper_third",
            ),
            Shot(
                "orbit",
                "{product} rotating 360 degrees, light gliding over its surfaces",
                "pan_left",
                "studio",
                "turntable",
                "orbit",
            ),
            Shot(
                "detail",
                "macro detail of {product}: materials and finish, {benefit}",
                "ken_burns",
                "minimalist",
                "closeup",
                "hero",
            ),
            Shot(
                "hero",
                "{product} in a hero pose with a sweeping highlight",
                "pull_out",
                "studio",
                "float",
                "hero",
                "center",
            ),
        ),
        transition="zoom",
        mood="luxury",
        grade="luxury",
        look="360-degree product showcase, turntable rotation",
    ),
    "brand_film": StyleRecipe(
        "brand_film",
        "Brand film",
        (
            Shot(
                "world",
                "atmospheric establishing shot of the {brand} world, textures and light",
                "pan_up",
                "lifestyle",
                "still",
                "hero",
                "upper_third",
            ),
            Shot(
                "craft",
                "craftsmanship: hands, materials and the making of {product}",
                "ken_burns",
                "minimalist",
                "closeup",
                "hero",
            ),
            Shot(
                "people",
                "{audience} living with {product}, candid lifestyle moment",
                "pan_right",
                "lifestyle",
                "parallax",
                "hero",
            ),
            Shot(
                "signature",
                "signature frame: {product} with the {brand} mark, calm and confident",
                "pull_out",
                "minimalist",
                "float",
                "hero",
                "center",
            ),
        ),
        transition="fade",
        mood="luxury",
        grade="cinematic",
        cta=("Discover {brand}", "Discover more"),
        look="brand film, premium cinematic mood, considered pacing",
    ),
    "unboxing": StyleRecipe(
        "unboxing",
        "Unboxing",
        (
            Shot(
                "package",
                "the sealed {product} package on a table, hands about to open it",
                "push_in",
                "studio",
                "still",
                "package",
                "upper_third",
                caption=("Unboxing {product}", "What's inside?"),
                line=("Let's unbox the {product}.", "What's inside this box?"),
            ),
            Shot(
                "reveal",
                "the lid lifts and {product} is revealed inside the box",
                "pull_out",
                "studio",
                "float",
                "package",
            ),
            Shot(
                "detail",
                "close-up detail of {product}: {benefit}",
                "ken_burns",
                "minimalist",
                "closeup",
                "hero",
            ),
            Shot(
                "verdict",
                "{product} out of the box, hero shot with the verdict",
                "push_in",
                "lifestyle",
                "parallax",
                "burst",
                "center",
                caption=("Verdict: worth it", "Verdict: a keeper"),
                line=("The verdict? Totally worth it.", "Verdict: a real keeper."),
            ),
        ),
        transition="slide",
        mood="playful",
        grade="vibrant",
        look="unboxing video, first-person hands, tactile packaging",
    ),
    "tutorial": StyleRecipe(
        "tutorial",
        "Tutorial",
        (
            Shot(
                "setup",
                "{product} and what you need, laid out neatly from above",
                "pan_down",
                "minimalist",
                "still",
                "steps",
                "upper_third",
                caption=("How to use {product}", "{product} in 3 steps"),
            ),
            Shot(
                "step",
                "step by step: hands using {product}, clear demonstration",
                "push_in",
                "lifestyle",
                "parallax",
                "steps",
            ),
            Shot(
                "result",
                "the result of using {product}: {benefit}",
                "ken_burns",
                "minimalist",
                "closeup",
                "hero",
            ),
            Shot(
                "tip",
                "{product} with a pro tip, clean framing",
                "pull_out",
                "studio",
                "float",
                "steps",
                "center",
                caption=("Pro tip: {benefit}", "Easy as that"),
                line=("Pro tip: {benefit}.", "That's all it takes."),
            ),
        ),
        transition="slide",
        mood="energetic",
        grade="natural",
        cta=("Try {product} today", "Try it today"),
        look="how-to tutorial, clear step-by-step demonstration",
    ),
    "limited_offer": StyleRecipe(
        "limited_offer",
        "Limited offer",
        (
            Shot(
                "fast_cuts",
                "fast cuts of {product} from several angles, punchy energy",
                "push_in",
                "studio",
                "still",
                "hero",
                "upper_third",
            ),
            Shot(
                "price",
                "{product} with a bold price tag: {offer}",
                "pull_out",
                "minimalist",
                "float",
                "burst",
                "center",
                caption=("{offer}", "Now {offer}"),
                line=("Right now: {offer}.", "Get it now: {offer}."),
            ),
            Shot(
                "countdown",
                "countdown timer beside {product}, urgency",
                "push_in",
                "studio",
                "parallax",
                "clock",
                "center",
                caption=("Ends soon", "Only while stocks last", "Last chance"),
                line=("But hurry, this offer ends soon.", "Hurry, it ends soon."),
            ),
            Shot(
                "cta",
                "{product} hero with a shop now button",
                "ken_burns",
                "minimalist",
                "float",
                "burst",
                "center",
            ),
        ),
        transition="zoom",
        mood="energetic",
        grade="vibrant",
        cta=("Shop now, offer ends soon", "Grab the deal now", "Shop now"),
        look="limited-time offer, fast cuts, bold type, urgency",
        three=(0, 1, 2),
    ),
    "scene_integration": StyleRecipe(
        "scene_integration",
        "Scene integration",
        (
            Shot(
                "context",
                "{product} placed naturally in a real {setting}, realistic lighting",
                "pan_right",
                "lifestyle",
                "still",
                "hero",
                "upper_third",
            ),
            Shot(
                "in_use",
                "{product} in use within the {setting}, natural interaction",
                "push_in",
                "lifestyle",
                "parallax",
                "hero",
            ),
            Shot(
                "detail",
                "{product} detail within the scene: {benefit}",
                "ken_burns",
                "lifestyle",
                "closeup",
                "hero",
            ),
            Shot(
                "wide",
                "wide shot of the {setting} with {product} as its focal point",
                "pull_out",
                "lifestyle",
                "float",
                "hero",
                "center",
            ),
        ),
        transition="fade",
        mood="calm",
        grade="natural",
        look="product integrated into a real-life scene, consistent perspective and shadows",
    ),
}

# Captions (on-screen text) and voiceover lines per beat, shortest variant last.
BEAT_CAPTIONS: dict[str, tuple[str, ...]] = {
    "problem": ("Tired of {pain}?", "Still dealing with {pain}?", "Sound familiar?"),
    "agitate": ("It adds up, every day", "It only gets worse", "Enough is enough"),
    "solve": ("Meet {product}", "{product}: {benefit}", "Meet {product}"),
    "resolution": ("{benefit}", "{benefit2}", "Problem solved"),
    "before": ("Before: {pain}", "Before {product}", "Before"),
    "after": ("After: {benefit}", "After: {benefit2}", "After"),
    "bridge": ("{product} gets you there", "The bridge: {product}", "Meet {product}"),
    "attention": ("Meet {product}", "{product}", "New"),
    "interest": ("{benefit}", "Why {product}?", "Why it works"),
    "desire": ("{benefit2}", "Made for {audience}", "You'll love it"),
    "action": ("Get yours today", "Shop now", "Shop now"),
}
BEAT_LINES: dict[str, tuple[str, ...]] = {
    "problem": ("Tired of {pain}?", "Still dealing with {pain}?", "Sound familiar?"),
    "agitate": (
        "It wastes your time and your patience, every single day.",
        "It only gets worse, day after day.",
        "Enough is enough.",
    ),
    "solve": ("Meet {product}. {benefit}.", "Meet {product}, the simple fix.", "Meet {product}."),
    "resolution": ("{benefit2}. Problem solved.", "{benefit}. Problem solved.", "Problem solved."),
    "before": ("Before, it was {pain}.", "It used to be {pain}.", "Before, it was hard."),
    "after": ("After {product}: {benefit}.", "Now: {benefit}.", "Now it's easy."),
    "bridge": (
        "{product} is what gets you there. {benefit2}.",
        "{product} gets you there.",
        "That's {product}.",
    ),
    "attention": ("This is {product}.", "Meet {product}.", "Look at this."),
    "interest": ("{benefit}, and {benefit2}.", "{benefit}.", "Here's why."),
    "desire": (
        "Made for {audience}, it's the upgrade you deserve.",
        "{benefit2}. You'll love it.",
        "You'll love it.",
    ),
    "action": ("Get yours today.", "Shop now.", "Shop now."),
}

# Generic fallbacks when the product data gives us nothing to work with.
DEFAULT_BENEFITS = ("Made to last", "Designed for every day", "Effortless to use")
DEFAULT_PAIN = "settling for less"
DEFAULT_AUDIENCE = "people like you"
DEFAULT_OFFER = "limited-time price"
SETTINGS_BY_WORD: dict[str, str] = {
    "coffee": "sunlit kitchen", "cup": "sunlit kitchen", "mug": "sunlit kitchen", "kitchen": "kitchen",
    "pan": "kitchen", "knife": "kitchen", "tea": "cosy kitchen", "sofa": "living room",
    "lamp": "living room", "chair": "living room", "pillow": "bedroom", "bed": "bedroom",
    "shoe": "city street", "sneaker": "city street", "bag": "city street", "jacket": "city street",
    "bottle": "gym", "yoga": "yoga studio", "fitness": "gym", "serum": "bathroom vanity",
    "cream": "bathroom vanity", "skin": "bathroom vanity", "shampoo": "bathroom", "desk": "home office",
    "laptop": "home office", "keyboard": "home office", "headphones": "commute", "tent": "campsite",
    "garden": "garden", "plant": "bright living room", "dog": "park", "cat": "living room",
}  # fmt: skip
DEFAULT_SETTING = "bright modern home"
