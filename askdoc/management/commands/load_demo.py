"""Load the demo site: the seed page, a dozen more questions, and one account per role.

Idempotent: running it twice changes nothing the second time. It goes through the
same services as the site, so demo data obeys the same rules (answers after questions,
only verified doctors answer, Markdown sanitized).
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from answers.models import Answer
from answers.services import answer_create, reply_create
from askdoc import demo_seed
from doctors.models import DoctorProfile
from moderation.roles import moderator_group
from questions.models import City, PostStatus, Question, Topic
from questions.services import question_create

DEMO_PASSWORD = "askdoc-demo-2026"
CALGARY = ZoneInfo("America/Edmonton")

TOPICS = [
    (
        "Microneedling",
        "microneedling",
        "Collagen induction with fine needles: results, aftercare, side effects.",
    ),
    ("Acne", "acne", "Breakouts, purging, scarring and their treatment."),
    ("Botox and fillers", "botox-and-fillers", "Neuromodulators and dermal fillers."),
    ("Chemical peels", "chemical-peels", "Superficial to deep peels and recovery."),
    ("Laser treatments", "laser-treatments", "Resurfacing, hair removal, pigment and vascular lasers."),
    ("Rosacea", "rosacea", "Redness, flushing and bumps on the face."),
    ("Sun care", "sun-care", "Sunscreen, sun damage and pigmentation."),
    ("Eczema", "eczema", "Dry, itchy, inflamed skin."),
]

CITIES = [
    ("Calgary", "Alberta", "calgary"),
    ("Edmonton", "Alberta", "edmonton"),
    ("Vancouver", "British Columbia", "vancouver"),
    ("Toronto", "Ontario", "toronto"),
]

DOCTORS = [
    {
        "email": "isabella.ward@askdoc.test",
        "name": "Isabella Ward",
        "slug": "isabella-ward",
        "specialty": "Dermatology",
        "clinic": "Bow River Dermatology",
        "city": "calgary",
        "licence_number": "AB-041187",
        "licensing_body": "College of Physicians and Surgeons of Alberta",
        "bio": "Dermatologist in Calgary. I treat acne, acne scarring and the side effects of cosmetic procedures.",
    },
    {
        "email": "isla.marshall@askdoc.test",
        "name": "Isla Marshall",
        "slug": "isla-marshall",
        "specialty": "Aesthetic medicine",
        "clinic": "Marshall Skin Studio",
        "city": "calgary",
        "licence_number": "AB-052210",
        "licensing_body": "College of Physicians and Surgeons of Alberta",
        "bio": "Family physician with a practice in aesthetic medicine.",
    },
    {
        "email": "omar.haddad@askdoc.test",
        "name": "Omar Haddad",
        "slug": "omar-haddad",
        "specialty": "Plastic surgery",
        "clinic": "West Coast Plastic Surgery",
        "city": "vancouver",
        "licence_number": "BC-33981",
        "licensing_body": "College of Physicians and Surgeons of British Columbia",
        "bio": "Plastic surgeon. I answer questions about injectables, lasers and scar revision.",
    },
]

# (title, body, topic slugs, city slug, asker, days after the seed question, [(doctor slug, answer)])
MORE_QUESTIONS = [
    (
        "How long should redness last after a medium chemical peel?",
        "I had a TCA peel five days ago. My face is still quite red and it stings when I put on moisturiser. Is this normal or should I call the clinic?",
        ["chemical-peels"],
        "edmonton",
        "Priya",
        1,
        [
            (
                "isabella-ward",
                "Redness after a **medium-depth TCA peel** usually fades over one to two weeks, and stinging with products is common while the new skin forms.\n\n- Use a bland moisturiser (petrolatum-based) and a mineral sunscreen.\n- Avoid retinoids, acids and scrubs until the skin has stopped peeling.\n\nCall your clinic the same day if you see yellow crusts, blisters, increasing pain or fever: those can be signs of infection or a herpes flare.",
            )
        ],
    ),
    (
        "Is it safe to get Botox while breastfeeding?",
        "My baby is four months old and I would like to treat my frown lines again. My injector said it is probably fine but I wanted a doctor's opinion.",
        ["botox-and-fillers"],
        "toronto",
        "",
        2,
        [
            (
                "omar-haddad",
                "There are no good studies of botulinum toxin injections during breastfeeding, so most professional guidance is to **wait until you have finished breastfeeding**. The amount that could reach milk is thought to be very small, but with a purely cosmetic treatment the cautious choice costs little. Talk to your family doctor if the lines bother you a lot; there are skincare options that are considered safe while nursing.",
            )
        ],
    ),
    (
        "Can microneedling help with old acne scars?",
        "I'm 34 and have rolling and boxcar scars on my cheeks from my teens. Would a course of microneedling make a visible difference, and how many sessions would I need?",
        ["microneedling", "acne"],
        "calgary",
        "Marc",
        3,
        [
            (
                "isabella-ward",
                "Microneedling can improve **rolling and shallow boxcar scars** modestly; most people need three to six sessions about four to six weeks apart, and results build over months.\n\nDeep boxcar and ice-pick scars respond better to other treatments (subcision, TCA CROSS, fractional laser), often combined with microneedling. Make sure your acne is fully controlled first, because active acne can spread with needling.",
            )
        ],
    ),
    (
        "Why does my face flush when I drink wine?",
        "Every time I have a glass of red wine my cheeks and nose go bright red for an hour. Lately there are small bumps too. Is this rosacea?",
        ["rosacea"],
        "vancouver",
        "Elena",
        4,
        [
            (
                "omar-haddad",
                "Flushing with red wine is a very common **rosacea trigger**, and small red bumps on the cheeks and nose fit the picture. A doctor can confirm it by looking at your skin.\n\nKeeping a trigger diary helps (wine, heat, spicy food, sun). Daily sunscreen and gentle cleansing are the base of treatment; prescription creams such as metronidazole, azelaic acid or ivermectin treat the bumps.",
            )
        ],
    ),
    (
        "Is SPF 30 enough for daily use in winter?",
        "I live in Calgary and I'm outdoors a lot in winter, skiing on weekends. Do I need a higher SPF than my usual SPF 30 moisturiser?",
        ["sun-care"],
        "calgary",
        "Theo",
        5,
        [
            (
                "isabella-ward",
                "For ordinary winter days in the city, a **broad-spectrum SPF 30** applied generously is enough. On the slopes, altitude and snow reflection raise UV exposure sharply: use SPF 50, reapply every two hours, and don't forget lips and ears.",
            )
        ],
    ),
    (
        "Laser hair removal on darker skin: what is safe?",
        "I have brown skin (Fitzpatrick V, I think). A clinic offered me IPL for underarm hair. I've read that some lasers can burn darker skin. What should I ask for?",
        ["laser-treatments"],
        "toronto",
        "Amina",
        6,
        [
            (
                "omar-haddad",
                "Ask for a **long-pulsed Nd:YAG (1064 nm) laser**, which is the safest choice for darker skin. IPL and alexandrite lasers carry a higher risk of burns and pigment changes at Fitzpatrick V.\n\nA test patch a week or two before the first session is standard practice; ask who will operate the device and what their training is.",
            )
        ],
    ),
    (
        "Eczema flare after switching laundry detergent",
        "Since we switched to a scented detergent, my eczema on my arms and neck has been much worse and very itchy at night. Besides switching back, what helps?",
        ["eczema"],
        "edmonton",
        "",
        7,
        [
            (
                "isabella-ward",
                "Switch back to a **fragrance-free detergent** and rewash the clothes and sheets that touch your skin. For the flare, a moisturiser applied twice a day and a short course of a mild-to-moderate topical steroid usually settles things within one to two weeks. See your doctor if the skin weeps, crusts, or does not improve.",
            )
        ],
    ),
    (
        "Are at-home dermarollers worth it?",
        "I see 0.5 mm and 1 mm dermarollers sold online. Is it safe to do microneedling at home instead of paying a clinic?",
        ["microneedling"],
        "vancouver",
        "Jess",
        8,
        [
            (
                "isla-marshall",
                "Short needles (0.25 to 0.5 mm) can help serums absorb, but they don't reach the depth needed for scar or collagen results. Longer home rollers raise the risk of **infection, scarring and spread of acne or cold sores**, because a roller can't be sterilised properly and is easy to use too hard. For real results, a clinic treatment with single-use sterile needles is the safer choice.",
            )
        ],
    ),
    (
        "Lumps after lip filler two weeks ago",
        "I had 1 ml of hyaluronic acid filler in my lips two weeks ago. I can feel two small firm lumps on the inside of the upper lip. They don't hurt. Will they go away?",
        ["botox-and-fillers"],
        "calgary",
        "Noor",
        9,
        [
            (
                "omar-haddad",
                "Small, painless lumps two weeks after **hyaluronic acid** filler are common and often soften over the following weeks; your injector may gently massage them. If a lump is still there at four weeks it can be dissolved with hyaluronidase.\n\nSee your injector urgently for pain, skin that turns white, blue or mottled, or increasing swelling: those are signs of a blocked blood vessel or infection.",
            )
        ],
    ),
    (
        "Purging or breakout after starting tretinoin?",
        "I started tretinoin 0.025% three weeks ago and I have more small whiteheads than before. How do I know if this is purging or if the cream doesn't suit me?",
        ["acne"],
        "toronto",
        "Sam",
        10,
        [
            (
                "isabella-ward",
                "Purging happens in the areas **where you usually break out**, as small whiteheads and blackheads that clear faster than usual, and it typically settles within six to eight weeks. New breakouts in new places, or a rash with burning and peeling, point more to irritation. Use it every other night with a moisturiser while your skin adjusts.",
            )
        ],
    ),
    (
        "How soon can I exercise after microneedling?",
        "I go to the gym every day. My microneedling session is on Friday. When can I train again without risking infection or irritation?",
        ["microneedling"],
        "calgary",
        "Theo",
        11,
        [
            (
                "isla-marshall",
                "Wait **24 to 48 hours** before heavy exercise: sweat and gym equipment can irritate the tiny channels and raise the risk of infection. Wash your face with a gentle cleanser after training, avoid pools and saunas for three days, and use sunscreen when you're outdoors.",
            )
        ],
    ),
    (
        "Brown patches on my cheeks after pregnancy",
        "Since my pregnancy I have brown patches on both cheeks and my upper lip. They get darker in summer. Which treatment works best?",
        ["sun-care", "laser-treatments"],
        "edmonton",
        "Lucia",
        12,
        [
            (
                "isabella-ward",
                "This sounds like **melasma**, which is driven by hormones and light. The most important treatment is strict sun protection: a tinted mineral sunscreen (iron oxides block visible light too), reapplied through the day.\n\nPrescription creams (hydroquinone, often combined with tretinoin and a mild steroid) and azelaic acid fade the patches over months. Lasers and strong peels can make melasma worse and are used only with care.",
            )
        ],
    ),
]


class Command(BaseCommand):
    help = "Create the demo content (seed page, more questions) and one account per role. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even with DEBUG off (demo accounts have a published password).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo accounts with DEBUG off: their password is public. "
                "Use --force on a throwaway database."
            )
        with transaction.atomic():
            topics = {slug: self._topic(name, slug, description) for name, slug, description in TOPICS}
            cities = {
                slug: City.objects.get_or_create(slug=slug, defaults={"name": name, "province": province})[0]
                for name, province, slug in CITIES
            }
            accounts = self._accounts()
            moderator_group().user_set.add(accounts["moderator"])
            doctors = {spec["slug"]: self._doctor(spec, cities) for spec in DOCTORS}
            seed = self._seed_question(accounts["patient"], topics, cities, doctors)
            for number, spec in enumerate(MORE_QUESTIONS):
                self._question(spec, number, seed.created_at, topics, cities, doctors)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
        for role, user in accounts.items():
            self.stdout.write(f"  {role:<10} {user.email}")
        self.stdout.write(f"  {'doctor':<10} isabella.ward@askdoc.test")

    def _topic(self, name, slug, description):
        return Topic.objects.get_or_create(slug=slug, defaults={"name": name, "description": description})[0]

    def _user(self, email, **fields):
        user, created = User.objects.get_or_create(email=email, defaults=fields)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        self._verify_email(user)
        return user

    def _verify_email(self, user):
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )

    def _accounts(self):
        return {
            "patient": self._user("patient@askdoc.test", display_name="Theo H."),
            "moderator": self._user("moderator@askdoc.test", display_name="Moderator", is_staff=True),
            "admin": self._user("admin@askdoc.test", display_name="Admin", is_staff=True, is_superuser=True),
        }

    def _doctor(self, spec, cities):
        user = self._user(
            spec["email"], first_name=spec["name"].split()[0], last_name=spec["name"].split()[-1]
        )
        profile, _created = DoctorProfile.objects.get_or_create(
            user=user,
            defaults={
                "name": spec["name"],
                "slug": spec["slug"],
                "specialty": spec["specialty"],
                "clinic": spec["clinic"],
                "city": cities[spec["city"]],
                "licence_number": spec["licence_number"],
                "licensing_body": spec["licensing_body"],
                "bio": spec["bio"],
                "verification_status": DoctorProfile.Verification.VERIFIED,
                "verified_at": timezone.now(),
            },
        )
        return profile

    def _seed_question(self, patient, topics, cities, doctors):
        question = Question.objects.filter(title=demo_seed.SEED_QUESTION_TITLE).first()
        if question is not None:
            return question
        asked = datetime(2024, 12, 12, 7, 25, 27, tzinfo=CALGARY)
        question = question_create(
            author=patient,
            title=demo_seed.SEED_QUESTION_TITLE,
            body=demo_seed.SEED_QUESTION_BODY,
            topics=[topics["microneedling"], topics["acne"]],
            city=cities["calgary"],
            display_name="Theo H.",
            status=PostStatus.PUBLISHED,
            created_at=asked,
        )
        ward = answer_create(
            question=question,
            doctor=doctors["isabella-ward"],
            body=demo_seed.SEED_ANSWER_WARD,
            created_at=asked + timedelta(hours=6, minutes=19),
        )
        marshall = answer_create(
            question=question,
            doctor=doctors["isla-marshall"],
            body=demo_seed.SEED_ANSWER_MARSHALL,
            created_at=asked + timedelta(days=1, hours=2, minutes=5),
        )
        Answer.objects.filter(pk=marshall.pk).update(moderator_note=demo_seed.SEED_MARSHALL_MODERATOR_NOTE)
        follow_up = reply_create(
            answer=ward,
            author=patient,
            body="Thank you. It's been four days and the spots are on my cheeks where I had the treatment. Should I stop my vitamin C serum?",
            created_at=asked + timedelta(days=1, hours=4),
        )
        reply_create(
            answer=ward,
            parent=follow_up,
            author=doctors["isabella-ward"].user,
            body="Yes, pause the vitamin C serum and any acids for a week and keep to a gentle cleanser, moisturiser and sunscreen. If the spots become painful, crusted or spread, see the clinic or your doctor.",
            created_at=asked + timedelta(days=1, hours=7),
        )
        return question

    def _question(self, spec, number, seed_created_at, topics, cities, doctors):
        title, body, topic_slugs, city_slug, asker, days, answers = spec
        if Question.objects.filter(title=title).exists():
            return
        asked = seed_created_at + timedelta(days=days, hours=number % 5)
        author = self._user(f"patient{number + 1}@askdoc.test", display_name=asker)
        question = question_create(
            author=author,
            title=title,
            body=body,
            topics=[topics[slug] for slug in topic_slugs],
            city=cities[city_slug],
            display_name=asker,
            status=PostStatus.PUBLISHED,
            created_at=asked,
        )
        for offset, (doctor_slug, answer_body) in enumerate(answers, start=1):
            answer_create(
                question=question,
                doctor=doctors[doctor_slug],
                body=answer_body,
                created_at=asked + timedelta(hours=3 * offset),
            )
