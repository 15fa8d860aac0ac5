"""The seed page's text, verbatim, as askdoc stores it (answers in Markdown).

Source: shared/seed/ask-a-doctor-microneedling-calgary.txt. The seed dates its answers
(31/10/2024) before its question (2024-12-12); askdoc keeps the question's date and
dates the answers after it, which the models now require.
"""

SEED_QUESTION_TITLE = "Why Am I Breaking Out After Microneedling In Calgary"

SEED_QUESTION_BODY = """Microneedling, a popular skin rejuvenation treatment in Calgary, involves using tiny needles to create micro-injuries on the skin. These injuries stimulate the body's natural healing process, promoting collagen production and improving skin texture and appearance. However, some individuals may experience breakouts after the procedure, which can be concerning.

There are several reasons why you might break out after microneedling:

1. Increased Blood Flow and Oil Production: The treatment boosts blood circulation and can temporarily increase oil production. This can lead to clogged pores and acne flare-ups.

2. Skin Purge: Sometimes, microneedling can bring underlying acne to the surface, causing what is known as a "skin purge." This is a temporary phase where existing acne is brought to the surface before healing.

3. Infection: If the equipment is not properly sterilized or if the procedure is not performed correctly, it can lead to bacterial infections, resulting in breakouts.

4. Allergic Reactions: Some individuals may have allergic reactions to the products used during or after the microneedling procedure, leading to skin irritation and breakouts.

5. Hormonal Changes: Microneedling can sometimes trigger hormonal changes, especially in women, which can lead to acne.

To minimize the risk of breakouts, it's essential to choose a reputable clinic with experienced professionals. Post-treatment care, such as avoiding harsh skincare products and keeping the skin clean and hydrated, is also crucial. If breakouts persist, consult your dermatologist for personalized advice and treatment options."""

SEED_ANSWER_WARD = """## Understanding Breakouts After Microneedling: A Doctor's Perspective

Microneedling, a popular skin rejuvenation treatment, involves creating tiny punctures in the skin to stimulate collagen production and improve skin texture. However, some patients in Calgary may experience unexpected breakouts post-treatment, which can be disconcerting. Let's delve into why this happens and what you can expect.

## Why Breakouts Occur

After microneedling, the skin undergoes a natural healing process that includes increased blood flow and oil production. This heightened activity can temporarily clog pores, leading to the appearance of acne or pimples. It's important to note that this reaction is a normal part of the skin's recovery mechanism and is not a cause for alarm.

## The Science Behind It

The micro-injuries created by the needles trigger the body's healing response, which includes the release of growth factors and cytokines. These substances promote cell turnover and collagen synthesis, but they can also stimulate sebaceous glands to produce more oil. If this oil is not effectively cleared from the pores, it can combine with dead skin cells and bacteria, resulting in breakouts.

## What to Expect

Typically, these breakouts are temporary and should resolve within a few days to a week. The skin's natural healing process will eventually clear the pores and restore balance. However, if the breakouts persist or worsen, it may be advisable to consult your dermatologist for personalized advice.

## Managing Post-Microneedling Breakouts

To mitigate the risk of breakouts, it's crucial to follow your dermatologist's post-treatment care instructions. This may include gentle cleansing, avoiding harsh products, and using recommended skincare products to support the skin's recovery. Over-the-counter acne treatments may be suggested, but always consult your doctor before applying any new products to the skin.

## Conclusion

In summary, breakouts after microneedling are a common, albeit frustrating, part of the healing process. Understanding the physiological reasons behind this reaction can help alleviate concerns and ensure proper post-treatment care. Remember, the goal of microneedling is long-term skin improvement, and temporary setbacks are a small price to pay for healthier, more radiant skin."""

SEED_ANSWER_MARSHALL = """## Understanding Breakouts Post Microneedling

Microneedling, a popular skin rejuvenation treatment, involves using tiny needles to create micro-injuries on the skin. This stimulates the production of collagen and elastin, promoting skin healing and renewal. However, some patients in Calgary may experience a temporary increase in breakouts after the procedure. This phenomenon, often misunderstood, is actually a positive sign of skin detoxification.

## Skin Detoxification Explained

For individuals with underlying skin issues, microneedling can bring these concerns to the surface. This process, known as skin detoxification, is the skin's natural response to the micro-injuries created during the treatment. The tiny channels formed by the needles allow deeper layers of the skin to communicate with the surface, facilitating the release of impurities and toxins. While it may appear as new acne, it is actually the skin undergoing a cleansing process.

## Why It Happens

The micro-injuries trigger the skin's healing mechanisms, which can sometimes lead to a temporary flare-up of existing skin conditions. This is particularly common in those with acne-prone or congested skin. The increased blood flow and cellular activity during the healing process can push out trapped sebum, bacteria, and dead skin cells, leading to what seems like a breakout.

## What to Expect

While the breakout phase can be disconcerting, it is a normal part of the healing process. Typically, this phase lasts for a few days to a week, after which the skin begins to show significant improvements. The breakout is a sign that the treatment is working, and the skin is effectively clearing out impurities.

## Post-Treatment Care

To minimize discomfort and support the skin's natural healing process, it is crucial to follow a proper post-treatment skincare routine. This includes gentle cleansing, avoiding harsh products, and using soothing, anti-inflammatory ingredients. Hydration and sun protection are also essential to prevent further irritation and promote optimal skin recovery.

In conclusion, experiencing breakouts after microneedling in Calgary is a common and temporary side effect that signifies the skin's detoxification process. Understanding this phenomenon can help alleviate concerns and ensure patients receive the full benefits of this effective skin rejuvenation treatment."""

SEED_MARSHALL_MODERATOR_NOTE = (
    "This answer contains claims not supported by evidence. Microneedling does not make the "
    'skin "detoxify" or release toxins; breakouts after treatment are usually clogged pores, '
    "irritation from products, or infection. See a doctor if a breakout is painful, spreading "
    "or comes with fever."
)
