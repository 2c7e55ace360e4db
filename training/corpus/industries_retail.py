# ruff: noqa: E501  (phrase banks: one field per line, long lines are the readable form)
"""Retail, health, leisure and property industries (see :mod:`training.corpus.dsl`)."""

from __future__ import annotations

BANK = """
@fashion_retail | Fashion retailer
place: shop | store | brand
staff: the sales assistants~ | the girl on the till | the staff~ | the fitting room attendant | the store manager
app: the app | the website | the online shop
item: a pair of jeans | a winter coat | a dress | two T-shirts~
price: the prices~ | the sale prices~ | the delivery charge | the returns fee
bill: the receipt | the refund | my order confirmation
support: customer service | the online help | the returns team
wait_for: at the tills | for the fitting rooms | for my refund | for my order
thing: order | item
product: the Aria dress | the Bolt trainers | the Northway parka | the slim-fit chinos | the Luna knit | the Harbour jeans

# fit_sizing | Fit and sizing | How clothes fit compared with the size guide, consistency of sizes between items and styles.
S: the sizing | the fit | {product} | the size guide
P: perfect | accurate | true to size | consistent | flattering
N: inconsistent | tiny | wrong | way off | weird
+: {product} fits like it was made for me | ordered my usual size and it was spot on | the size guide was accurate for once
-: a medium that fits like an extra small | {product} came up two sizes too small | every item in a different size
?: does {product} run small? | what's the inside leg on the 32 regular?
!: please add measurements for each size | could you stock petite sizes of {product}?
=: I usually wear a size {n} | ordered {product} in two sizes
s+: perfect fit | fits great
s-: wrong sizing | tiny sizes | bad fit
n+: never had to return for size | not a bad fit at all
n-: not exactly true to size | far from consistent

# fabric_quality | Fabric and quality | Materials, stitching and how clothes hold up after washing and wear.
S: the fabric | the quality | {product} | the stitching
P: soft | sturdy | lovely | well made | thick
N: cheap | thin | flimsy | scratchy | see-through
+: still looks new after {n} washes | proper thick cotton | {product} feels far more expensive than it was
-: fell apart after {n} wears | bobbled after one wash | seams came undone the first day | colour ran and ruined a whole load
?: is {product} machine washable? | what is the fabric made of?
!: please go back to the old thicker cotton | please list the fabric on the product page
=: washed it at 30 | I've had {product} for {n} months
s+: great quality | lovely fabric
s-: cheap fabric | poor quality | falls apart
n+: never had anything fall apart | not flimsy at all
n-: not exactly built to last | far from well made
x: love a jumper that lasts a whole two washes | great, another hole after one wear

# returns | Returns and exchanges | Returning or exchanging items: labels, drop-off, refund speed and return fees.
S: the returns process | the exchange | the refund | the returns
P: easy | quick | simple | free
N: slow | complicated | painful | expensive
+: printed the label and dropped it off in five minutes | refund landed the same week | exchanged in store with no receipt
-: refund still not processed after {n} weeks | they charge {amount} to send things back | return marked lost by the courier | store refused to take back an online order
?: how long do I have to return {product}? | can I return online orders in store?
!: please refund order {ref} | please add free returns for members
=: sent the return on {day} | returned {n} items from order {ref}
s+: easy returns
s-: no refund | return nightmare
n+: never a hassle to return | not difficult at all
n-: not exactly easy | anything but quick

@ecommerce | Online marketplace
place: site | marketplace | online shop
staff: the seller | the agents~ | the support staff~ | the courier
app: the app | the website | the checkout page | the search
item: a phone case | a set of pans | a birthday present | a pair of headphones
price: the prices~ | the delivery fees~ | the membership fee | the prices from some sellers~
bill: my order total | the refund | the payment
support: customer service | the chat support | the help centre
wait_for: for my order | for a refund | for the seller to reply
thing: order | item
product: the Zen Pro earbuds | the Kitchenly pan set | the Glow lamp | the FlexiDesk | the Nova power bank | the TrailMax backpack

# delivery | Delivery | Shipping speed, delivery dates, couriers and parcels that arrive late, damaged or not at all.
S: the delivery | the shipping | the courier | my parcel
P: fast | quick | early | reliable
N: slow | late | lost | unreliable
+: ordered at midnight and it came the next morning | arrived {n} days earlier than promised | free delivery and it still came quickly
-: parcel lost somewhere for {n} weeks | delivery date moved {n} times | says delivered, never got it | came a week after the birthday
?: where is order {ref}? | can I change the delivery address after ordering?
!: please send it to my work address | please offer a weekend delivery slot
=: ordered on {day}, it arrived on {day2} | it came by the usual courier
s+: fast delivery | quick shipping
s-: slow delivery | lost parcel | late delivery
n+: never late | not once a lost parcel
n-: not exactly quick | never arrives on the date
x: great, my "next day" parcel is on day {n}. love it | wonderful, delivered to a neighbour I've never met

# product_as_described | Product as described | Whether items match the listing: photos, descriptions, fakes and wrong items.
S: {product} | the item | the listing | the description
P: accurate | spot on | exactly right | genuine
N: misleading | fake | wrong | inaccurate
+: {product} looks exactly like the photos | genuine brand, box and all | better than described
-: {product} was clearly a knock-off | nothing like the pictures | missing parts that the listing said were included | sent a completely different colour
?: is {product} the genuine version? | does {product} come with a charger?
!: please remove the fake listings | please add real photos of {product}
=: bought {product} on {day} | it came in the original box
s+: as described | exactly as pictured
s-: fake | not as described | misleading photos
n+: never had a fake | not a single thing wrong
n-: not exactly as pictured | far from accurate

# returns | Returns and refunds | Returning items, refund speed and disputes with sellers.
S: the return | the refund | the returns process | the dispute
P: easy | quick | painless | smooth
N: slow | painful | endless | impossible
+: refund before the item even got back | return label in two clicks | dispute sorted in my favour in a day
-: still no refund after {n} weeks | seller ignores the return request | had to pay {amount} to send it back
?: how long does a refund take? | who pays for the return?
!: please refund order {ref} | please add drop-off lockers for returns
=: sent it back on {day} | the return tracking is {ref}
s+: easy returns
s-: refund pending forever | no refund
n+: never a problem returning | not hard at all
n-: not exactly easy | anything but quick

@electronics_retail | Electronics retailer
place: store | retailer | shop
staff: the sales assistant | the guy in the TV department | the staff~ | the tech team~ | the manager
app: the app | the website | the click and collect page
item: a new laptop | a TV | a pair of headphones | a washing machine
price: the prices~ | the extended warranty | the installation fee | the delivery charge
bill: the receipt | the invoice | the finance agreement
support: customer service | the repair line | the tech support line
wait_for: at click and collect | for the repair | for delivery | at the service desk
thing: order | item
product: the Vortex 15 laptop | the Orion 55 TV | the AeroBuds | the PulseWash 9kg | the Nimbus tablet | the Volt soundbar

# product_advice | Product advice | Whether staff give good advice: knowing the products, comparing models and not upselling.
S: the advice | the staff's knowledge | the recommendation | the demo
P: honest | expert | spot on | brilliant | helpful
N: clueless | pushy | wrong | useless
+: talked me out of the expensive one because I didn't need it | knew everything about {product} | showed me the difference side by side
-: read the specs off the box like I couldn't | tried to sell me a warranty I didn't need | told me {product} had features it doesn't have
?: which laptop would you recommend for video editing? | does {product} work with my old speakers?
!: please have someone in the TV department at weekends | could you put spec sheets next to each model?
=: I was comparing {product} with the older model | went in on {day} afternoon
s+: great advice | expert help
s-: pushy sales | clueless staff
n+: never felt pressured | not a hint of upselling
n-: not exactly experts | far from helpful
x: love being sold a warranty for a cable, genius

# repairs_warranty | Repairs and warranty | Faults, repairs under warranty, turnaround and replacements.
S: the repair | the warranty | the replacement | the service desk
P: quick | painless | excellent | fair
N: slow | useless | endless | unfair
+: repaired and back in {n} days | swapped it on the spot | warranty covered everything
-: repair has taken {n} weeks | warranty refused for "misuse" | sent back still broken | lost my laptop at the repair centre
?: is {product} still under warranty? | how long does a screen repair take?
!: please update me on repair {ref} | please offer a loan device during repairs
=: booked it in for repair on {day} | my repair number is {ref}
s+: quick repair
s-: still not repaired | warranty refused
n+: never had a warranty problem | not once refused
n-: not exactly quick | far from fair

# stock_availability | Stock and availability | Whether items are in stock, click-and-collect availability and pre-orders.
S: the stock | the availability | the range | the click and collect stock
P: great | wide | reliable
N: poor | limited | wrong | unreliable
+: in stock and ready to collect in an hour | great range of laptops to try
-: website said in stock, store had none | pre-order delayed for {n} weeks | only the display model left
?: is {product} in stock in store? | when will {product} be back?
!: please show real stock levels online | please reserve {product} for me
=: reserved {product} on {day} | the store had {n} left
s+: in stock | great range
s-: out of stock | never in stock
n+: never out of stock | not once let down
n-: not exactly well stocked | hardly any choice

@healthcare_clinic | Medical clinic
place: clinic | practice | surgery
staff: the receptionist | the doctor | the nurse | the reception staff~ | the GP
app: the booking app | the patient portal | the website | the online booking
item: a consultation | a blood test | a private appointment | a repeat prescription
price: the consultation fee | the prices~ | the cost of tests | the cancellation fee
bill: the invoice | the bill | the payment
support: the patient line | the reception phone line | the practice manager
wait_for: for an appointment | in the waiting room | on the phone | for test results
thing: appointment | test
product: Dr Patel | Dr Morgan | the nurse clinic | the walk-in service | the physio team | Dr Okoro

# appointments | Appointments | Getting an appointment: availability, booking lines, same-day slots and cancellations.
S: the appointment system | the booking | the availability | the 8am phone scramble
P: easy | quick | flexible | simple
N: impossible | hopeless | ridiculous | chaotic
+: got a same-day appointment | booked online in two minutes | could see {product} the next morning
-: call at 8 and all slots gone by 8:05 | next routine appointment is in {n} weeks | appointment cancelled by text the night before
?: can I book with {product}? | how do I book a telephone appointment?
!: please add more online slots | please call me back about a follow-up
=: my appointment is on {day} at {time} | I booked on {day}
s+: easy booking | same day appointment
s-: no appointments | impossible to book
n+: never struggled to get seen | not hard at all
n-: not exactly easy | anything but simple
x: love the 8am lottery for an appointment, so much fun

# clinical_care | Clinical care | The care from doctors and nurses: listening, explaining, diagnosis and treatment.
S: the doctor | {product} | the nurse | the care | the treatment
P: thorough | caring | brilliant | reassuring | attentive
N: dismissive | rushed | careless | cold
+: {product} actually listened and explained every option | the nurse made a scary test easy | they caught something others had missed
-: {product} didn't even look up from the screen | I was out the door in three minutes | told it was nothing and it turned out to be a fracture
?: can I get a copy of my notes? | does {product} do home visits?
!: please send my referral letter | please let me see the same doctor next time
=: I saw {product} on {day} | it was a follow-up about my knee
s+: great doctor | caring nurse
s-: rushed appointment | dismissive doctor
n+: never felt rushed | not dismissive at all
n-: not exactly thorough | far from caring

# test_results | Test results | How quickly and clearly test results are shared, followed up and explained.
S: the results~ | the follow-up | the explanation
P: quick | clear | prompt
N: slow | lost | confusing
+: results on the portal within {n} days | nurse called to explain everything
-: results lost twice | nobody called with my results after {n} weeks | just a text saying "normal" and nothing else
?: when will my blood test results be back? | where can I see my results?
!: please call me with my results | please upload the letter to the portal
=: had bloods taken on {day} | the test was done at {time}
s+: quick results
s-: results lost | no results yet
n+: never waited long for results | not once lost
n-: not exactly prompt | far from clear

@dental | Dental practice
place: dentist | dental practice | practice
staff: the dentist | the hygienist | the receptionist | the dental nurse | the team~
app: the booking page | the website | the reminder texts~
item: a check-up | a filling | a scale and polish | a crown | whitening
price: the prices~ | the cost of treatment | the fees~ | the payment plan
bill: the bill | the treatment plan costs~ | the invoice
support: the practice manager | reception | the front desk
wait_for: in the waiting room | for an appointment | past my appointment time
thing: appointment | treatment
product: Dr Silva | Dr Chen | the hygiene clinic | the Invisalign consult | Dr Novak | the emergency slot

# treatment | Treatment | Quality and comfort of the dental work: pain, gentleness, results and explanation.
S: the filling | the treatment | the work | the injection | {product}
P: painless | gentle | excellent | careful | neat
N: painful | rough | rushed | sloppy
+: didn't feel a thing | {product} explained each step | the crown looks exactly like my own tooth
-: filling fell out after {n} weeks | rough and rushed scale and polish | numb for hours but still felt the drill
?: does {product} do sedation? | how long does a crown last?
!: please send me the treatment plan | please book me with {product} again
=: had a filling on {day} | I'm booked for a check-up in {n} months
s+: painless | gentle dentist
s-: painful | rough treatment
n+: never felt a thing | not painful at all
n-: not exactly gentle | far from painless
x: loved the free extra drilling, very thorough

# treatment_costs | Treatment costs | How clearly costs are quoted before treatment and whether the bill matches.
S: the quote | the treatment costs~ | the estimate
P: clear | transparent | fair | upfront
N: vague | inflated | hidden | confusing
+: written quote before anything started | final bill matched the estimate | explained the cheaper option too
-: bill was {amount} more than the quote | charged for an X-ray nobody mentioned | pushed into the expensive option
?: how much is a hygiene appointment? | is a payment plan available?
!: please send a written estimate | please itemise the bill
=: the quote was {amount} | paid {amount} on {day}
s+: clear prices
s-: surprise charges
n+: no surprises on the bill | never overcharged
n-: not exactly upfront | far from transparent

@gym | Gym
place: gym | club | fitness centre
staff: the trainers~ | the receptionist | the staff~ | the instructor | the manager
app: the app | the class booking app | the website
item: a monthly membership | a PT session | an annual pass | a day pass
price: the membership fee | the prices~ | the joining fee | the price rise
bill: the direct debit | the membership payment | my statement
support: the membership team | head office | the helpline
wait_for: for the squat rack | for a machine | at the front desk | for a class spot
thing: month | session
product: the Spin 45 class | the HIIT Blast class | Body Pump | the Sunrise Yoga class | the PT package | the Strength Zone

# equipment | Equipment | The machines, weights and facilities: broken kit, availability and maintenance.
S: the equipment | the machines~ | the weights~ | the treadmills~ | the squat racks~
P: modern | great | new | well maintained
N: broken | ancient | worn | out of order
+: brand new machines everywhere | plenty of racks even at 6pm | everything gets fixed quickly
-: half the treadmills out of order for {n} weeks | only two squat racks for the whole gym | cables frayed and held with tape
?: are you getting more squat racks? | when will the rowing machines be fixed?
!: please fix the treadmill by the window | please add more dumbbells over 30kg
=: I train in the evenings | I use the weights area {n} times a week
s+: great equipment | new machines
s-: broken machines | old equipment
n+: never had to wait for a machine | not a broken machine in sight
n-: not exactly well maintained | far from modern
x: love the "out of order" signs, they're practically part of the decor

# classes | Classes | Group classes: instructors, timetable, booking and how full classes get.
S: the classes~ | {product} | the timetable | the instructor
P: brilliant | fun | energetic | tough
N: boring | overcrowded | cancelled | disorganised
+: {product} is the highlight of my week | the instructor knows everyone's name | great range of classes at lunchtime
-: {product} cancelled {n} times this month | classes fully booked within minutes | instructor spent the whole time on their phone
?: is there a {product} on {day}? | do I need to book classes in advance?
!: please add an evening {product} | please open the waiting list earlier
=: I go to {product} on {day}s | the class starts at {time}
s+: great classes | fun class
s-: classes cancelled | boring classes
n+: never boring | not once cancelled
n-: not exactly well run | far from fun

# cleanliness | Cleanliness | Cleanliness of changing rooms, showers, mats and equipment.
S: the changing rooms~ | the showers~ | the mats~ | the gym
P: clean | spotless | fresh
N: filthy | smelly | grim | disgusting
+: changing rooms spotless every time | wipes and spray at every machine
-: showers have been cold and mouldy for weeks | mats smell of feet | bins overflowing in the changing room
?: how often are the showers cleaned?
!: please clean the women's changing room more often | please refill the spray bottles
=: I use the showers after {product} | I go at {time}
s+: spotless | clean gym
s-: dirty showers | smelly gym
n+: never dirty | not a smell anywhere
n-: not exactly spotless | far from clean
"""
