# ruff: noqa: E501  (phrase banks: one field per line, long lines are the readable form)
"""Food, drink and hospitality industries: vocabulary and industry-specific themes (see :mod:`training.corpus.dsl`)."""

from __future__ import annotations

BANK = """
@restaurant | Restaurant
place: restaurant | place
staff: the waiters~ | our server | the waitress | the staff~ | the manager
app: the booking app | the website | the online booking
item: a main course | two pizzas~ | a bottle of wine | the set menu | a burger
price: the prices~ | the menu prices~ | the drinks~
bill: the bill | the receipt
support: the head office | the restaurant's email team
wait_for: for a table | for our food | for the bill | for drinks
thing: meal | table booking
product: Truffle Burger | Sunday roast | seafood linguine | Margherita | chicken katsu | lamb shank

# food_quality | Food quality | Taste, freshness and cooking of the dishes. Covers hot or cold food, seasoning and ingredients.
S: the food | my steak | the pasta | the desserts~ | the {product} | the starters~
P: delicious | fresh | tasty | flavourful | perfect | gorgeous | superb
N: bland | cold | overcooked | greasy | stale | tasteless | undercooked | soggy
+: best carbonara I've had in years | every dish came out hot and full of flavour | the {product} was cooked perfectly | you can tell they use proper ingredients | my partner still talks about the {product}
-: my steak came out grey and chewy | the fish smelled off | the {product} was swimming in oil | chips were clearly reheated | found a hair in my salad | the sauce tasted like it came from a jar
?: is the {product} gluten free? | do you cook with peanut oil? | is the {product} on the lunch menu too?
!: please bring back the {product} | could you label the allergens on the menu?
=: had the {product} and a side salad | we ordered {n} starters to share
s+: great food | tasty food | delicious | yummy | amazing food
s-: cold food | bland food | food was cold | awful food | tasteless
n+: not a single bad dish | the {product} was not bad at all | couldn't fault the food
n-: the food wasn't exactly memorable | nothing on the plate was hot | the {product} was far from fresh
x: loved my cold {product}, very refreshing | oh great, raw chicken, just what I ordered

# portion_size | Portion size | How big the portions are for the price and whether people leave full.
S: the portions~ | the serving | the {product}
P: generous | huge | massive | hearty | filling
N: tiny | small | stingy | miserly | pathetic
+: we couldn't finish our plates | took half home in a box | plenty for two people
-: three chips and a lettuce leaf | left hungry and stopped for a kebab | the {product} would barely feed a toddler
?: is the {product} big enough to share? | do you do smaller portions for kids?
!: please offer half portions | could you add a larger size of the {product}?
=: the {product} comes with {n} sides | it's a {n}oz steak
s+: huge portions | big portions | generous portions
s-: tiny portions | small portions | stingy portions
n+: nobody left hungry | portions were anything but stingy
n-: not what you'd call generous | the portions were never going to fill anyone

# ambience | Atmosphere | Noise level, music, lighting, decor and the general feel of the dining room.
S: the atmosphere | the music | the decor | the dining room | the vibe
P: relaxed | cosy | lovely | buzzing | charming | calm
N: noisy | cramped | dingy | dated | deafening | chaotic
+: perfect spot for a date night | could actually hear each other talk | the candles and plants make it really cosy
-: music so loud we had to shout | tables crammed so close you hear every conversation | smelled of bleach the whole evening
?: is there outdoor seating? | do you have a private room for {n} people?
!: please turn the music down a bit in the evenings | could you add a few booths?
=: we sat by the window | it was a busy {day} night
s+: lovely vibe | cosy | great atmosphere
s-: too noisy | way too loud | cramped
n+: not too loud, not too quiet | never felt rushed or squashed
n-: not the most relaxing evening | the room was anything but cosy

# cleanliness | Cleanliness | Hygiene of tables, cutlery, toilets and the kitchen as customers see it.
S: the toilets~ | the tables~ | the cutlery | the place
P: spotless | clean | immaculate | tidy
N: filthy | sticky | dirty | grubby | disgusting
+: the toilets were spotless even on a busy night | tables wiped the second people left
-: sticky tables and dirty glasses | the toilets hadn't been cleaned all day | lipstick on my glass | crumbs all over the seat when we sat down
?: when was your last hygiene inspection? | who do I tell about the toilets?
!: please check the toilets more often | could someone wipe the high chairs?
=: we were seated near the kitchen | the toilets are downstairs
s+: spotless | very clean
s-: dirty | filthy toilets | sticky tables
n+: not a crumb in sight | never seen a dirty table here
n-: not the cleanest | far from spotless

@hotel | Hotel
place: hotel | resort
staff: the reception staff~ | the receptionist | the housekeeping team~ | the concierge | the night porter
app: the hotel app | the booking site | the website
item: a double room | two nights~ | a sea view room | breakfast
price: the room rates~ | the prices~ | the parking charges~
bill: the final bill | the invoice | the room charge
support: the reservations team | guest relations | the central booking line
wait_for: at check-in | for our room to be ready | for the lift | for a table at breakfast
thing: night | booking
product: Ocean Suite | Garden View room | Skyline Deluxe | family room | Executive King | Harbour Loft

# room_comfort | Room comfort | The room itself: bed, pillows, temperature, space, furniture and how well guests slept.
S: the bed | the room | the pillows~ | the {product} | the air conditioning | the shower
P: comfortable | spacious | cosy | modern | quiet | gorgeous
N: tiny | dated | cramped | stuffy | uncomfortable | noisy | tired
+: best night's sleep I've had in months | the {product} was bigger than our flat | blackout curtains actually worked | the shower pressure was amazing
-: mattress sagged in the middle | heard the lift all night | the air con rattled until 3am | the {product} looked nothing like the photos | window didn't open and the room was boiling
?: does the {product} have a bath? | can we request a cot? | are the rooms soundproofed?
!: please add more plug sockets by the bed | could we get extra pillows?
=: we stayed in room {n}{n} | the {product} is on the {nth} floor
s+: comfy bed | great room | lovely room
s-: tiny room | uncomfortable bed | noisy room
n+: not a sound all night | couldn't fault the room | the bed was far from hard
n-: not exactly spacious | the room was hardly what we paid for
x: loved the free 3am concert from the air con | oh good, a view of the bins, how romantic

# cleanliness | Cleanliness | How clean the rooms, bathrooms, linen and common areas were on arrival and during the stay.
S: the bathroom | the room | the sheets~ | the carpet | the towels~
P: spotless | clean | immaculate | fresh
N: dirty | stained | mouldy | grimy | filthy | dusty
+: housekeeping left it spotless every day | fresh towels without even asking | the room smelled clean and fresh
-: hair in the shower when we arrived | stains on the sheets | mould around the bath | dust everywhere under the bed
?: how often are rooms cleaned? | can we skip housekeeping to save water?
!: please send someone to clean room {n}{n} | could housekeeping come after 11?
=: housekeeping came at 10am | we asked for no cleaning during the stay
s+: spotless room | super clean | very clean
s-: dirty room | filthy | stained sheets
n+: not a speck of dust | never found anything dirty
n-: far from clean | the bathroom was anything but spotless

# breakfast | Breakfast | The breakfast offer: choice, freshness, hot food, coffee and how busy the breakfast room gets.
S: the breakfast | the buffet | the coffee | the pastries~ | the eggs~
P: delicious | fresh | varied | excellent | generous
N: cold | limited | stale | poor | sad | lukewarm
+: the breakfast spread was incredible | fresh pastries every morning | they made omelettes to order
-: the buffet ran out of everything by 9 | scrambled eggs like rubber | coffee from a machine that tasted of nothing
?: what time does breakfast start? | is breakfast included in the rate? | do you have gluten free options at breakfast?
!: please keep breakfast open until 11 at weekends | could you add some vegan options?
=: breakfast is served from 7 | we had breakfast in the room on {day}
s+: great breakfast | lovely breakfast
s-: poor breakfast | cold breakfast
n+: not a bad breakfast at all | never had a breakfast this good in a hotel
n-: breakfast was nothing to write home about | not much of a breakfast

# location | Location | Where the hotel is: access to transport, sights, beach or town, and how safe the area feels.
S: the location | the area | the neighbourhood | the view
P: perfect | ideal | central | convenient | stunning
N: remote | dodgy | inconvenient | isolated
+: five minutes' walk to everything | right on the beach | the tram stop is outside the door
-: a 40 minute walk to anything | the area felt unsafe at night | nowhere to eat nearby
?: how far is it from the station? | is there parking nearby? | is there a shuttle to the airport?
!: please add a map with walking times | could you run a shuttle into town?
=: the hotel is next to the station | we came by car
s+: great location | perfect location
s-: bad location | middle of nowhere
n+: couldn't ask for a better location | never needed a taxi
n-: not the most convenient spot | hardly central

@food_delivery | Food delivery
place: app | delivery service
staff: the driver | the rider | the courier | the delivery guy | the riders~
app: the app | the ordering app | the website
item: a takeaway for two | a large pizza | a family meal | my usual order
price: the delivery fees~ | the service charge | the prices~ | the menu prices on the app~
bill: the receipt | my order total | the charge
support: customer service | the help chat | the support team
wait_for: for my order | for the food | for the driver | for a refund
thing: order | delivery
product: Big Box | Double Smash meal | pad thai | sushi platter | katsu curry | Spicy Wings bucket

# delivery_time | Delivery time | How quickly orders arrive compared with the estimate, late or early deliveries.
S: the delivery | the ETA | my order | the estimate
P: quick | fast | early | on time | speedy
N: late | slow | delayed | hopeless
+: arrived {n} minutes before the estimate | food was at the door in under half an hour | always bang on time
-: the ETA kept moving for an hour | arrived {mins} minutes late | order showed delivered but never came | sat in the restaurant for ages before pickup
?: why does the tracker say {mins} minutes? | can I schedule a delivery for {time}?
!: please let me schedule orders in advance | could you show a more accurate ETA?
=: ordered at {time}, it arrived at {time2} | ordered on {day}, got it the same evening
s+: fast delivery | super quick | on time
s-: late again | slow delivery | so late | late delivery
n+: never late | not once late | the delivery was never slow
n-: not exactly speedy | never on time
x: great, only {mins} minutes late this time, a new record | love watching the ETA go up by 10 minutes every 10 minutes

# food_temperature | Food temperature | Whether food arrives hot (or cold when it should be) and in good condition.
S: the food | my pizza | the chips~ | the {product}
P: hot | piping hot | warm | fresh
N: cold | lukewarm | soggy | congealed | stone cold
+: came out piping hot | still steaming when I opened the bag | chips were actually crispy for once
-: pizza arrived stone cold | the {product} was lukewarm and soggy | ice cream turned up as soup | noodles were one solid lump
?: do you use insulated bags? | can I get a refund for cold food?
!: please pack hot and cold items separately | could drivers use proper thermal bags?
=: it was raining when it arrived | the {product} came in a foil tray
s+: piping hot | hot food
s-: cold food | stone cold | soggy chips
n+: never cold | never arrived cold, never soggy | not once lukewarm
n-: hardly warm | not what you'd call hot

# order_accuracy | Order accuracy | Whether the right items arrive: missing items, wrong orders, ignored notes and allergies.
S: my order | the order | the bag
P: correct | right | perfect | complete | accurate
N: wrong | incomplete | missing | mixed up
+: everything we ordered was there, even the extra sauces | they remembered no onions | note for the driver was followed exactly
-: half the order was missing | got someone else's food | asked for no nuts and got nuts | no drinks, no dips, no napkins | they sent a {product} instead of what I ordered
?: how do I report a missing item? | can I add a note about allergies?
!: please double check bags before they leave | please add a way to flag allergies clearly
=: ordered {n} items | the order number was {ref}
s+: perfect order | all correct
s-: wrong order | missing items | wrong food
n+: never wrong | not a single item missing | never had a wrong order
n-: not once complete | never right first time
x: loved getting someone else's dinner, very exciting | great, no drinks again, love it

# packaging | Packaging | How the food is packed: spills, sealed containers, leaks and waste.
S: the packaging | the containers~ | the bag
P: sturdy | neat | sealed | recyclable
N: leaky | flimsy | soaked | wasteful
+: everything sealed and upright | recyclable boxes, nice touch | not a drop spilled
-: curry all over the bag | the lid came off and soup everywhere | so much plastic for one meal
?: are the containers recyclable? | can I opt out of cutlery?
!: please stop sending plastic cutlery | please seal the drinks
=: it came in two bags | the drinks were in a separate bag
s+: neat packaging
s-: leaky bag | spilled everywhere
n+: never spilled | never had a leak
n-: not exactly leak proof | far from sealed

@coffee_shop | Coffee shop
place: café | coffee shop
staff: the baristas~ | the barista | the girl on the till | the staff~
app: the loyalty app | the order-ahead app | the website
item: a flat white | a latte and a croissant | an oat cappuccino | a slice of cake
price: the prices~ | the coffee prices~ | the oat milk charge
bill: the receipt | the card payment
support: the head office | the customer team
wait_for: for a coffee | in the queue | for my order
thing: coffee | order
product: Maple Crunch Latte | Hazelnut Cloud | Iced Spanish Latte | cinnamon bun | Berry Blast smoothie | almond croissant

# coffee_quality | Coffee quality | How the coffee and drinks taste: strength, temperature, milk and consistency between visits.
S: the coffee | my latte | the flat white | the {product} | the espresso
P: smooth | rich | perfect | strong | delicious | lovely
N: burnt | weak | bitter | watery | lukewarm | sour
+: best flat white in town | the {product} is dangerously good | they always get the milk just right
-: tasted burnt every time | the latte was basically hot milk | my {product} was half ice | the espresso was sour
?: do you have decaf? | what beans do you use? | is the {product} back this winter?
!: please bring back the {product} | could you add a stronger blend?
=: I get the {product} most mornings | had an oat latte on {day}
s+: great coffee | best coffee | lovely coffee
s-: burnt coffee | weak coffee | bad coffee
n+: never had a bad coffee here | the coffee is not bitter at all | never burnt
n-: not exactly barista quality | hardly what I'd call coffee
x: love paying for burnt milk, really | oh great, a watery latte again

# food_bakery | Food and pastries | Cakes, pastries, sandwiches and snacks: freshness, choice and taste.
S: the pastries~ | the croissant | the sandwiches~ | the cake | the {product}
P: fresh | delicious | flaky | moist | tasty
N: stale | dry | soggy | sad | tired
+: the {product} was still warm | the cakes are all homemade | great choice of vegan bakes
-: the croissant was stale | sandwich was dry and curling at the edges | the same sad muffins every day
?: are the cakes made in house? | do you have gluten free cakes?
!: please add more savoury options | could you stock oat cookies again?
=: bought a {product} to take away | they had {n} kinds of cake
s+: great cakes | yummy pastries
s-: stale pastries | dry sandwich
n+: never stale | the cake was not dry at all
n-: not the freshest | far from fresh

# seating_space | Seating and space | Seats, tables, plugs, Wi-Fi and whether there is room to sit, work or meet.
S: the seating | the wifi | the space | the tables~
P: comfy | spacious | quiet | fast | cosy
N: cramped | packed | slow | uncomfortable | noisy
+: plenty of plugs and the wifi is fast | always find a seat upstairs | great spot to work for a couple of hours
-: never a free table | the wifi drops every ten minutes | chairs so hard you can't sit for long
?: what's the wifi password? | can I bring my laptop? | do you have a room for meetings?
!: please add more sockets | could you put a few comfy chairs by the window?
=: I sat upstairs | there are {n} tables outside
s+: cosy | great space | fast wifi
s-: no seats | cramped | terrible wifi
n+: never struggled to find a seat | the wifi has never let me down
n-: not exactly laptop friendly | hardly any space

@grocery | Supermarket
place: supermarket | store | shop
staff: the checkout staff~ | the cashier | the staff~ | the shelf stackers~ | the duty manager
app: the shopping app | the website | the online shop
item: a weekly shop | a bag of apples | the meal deal | a loaf of bread
price: the prices~ | the price of basics~ | the offers~
bill: the receipt | my card statement | the till receipt
support: customer services | the careline | the online help team
wait_for: at the tills | at the checkout | for a delivery slot | for click and collect
thing: item | shop
product: Harvest Oats | Green Valley milk | Sunrise granola | store-brand pesto | Farmhouse sourdough | Coastline salmon

# freshness | Fresh produce | Quality and freshness of fruit, vegetables, bread, meat and fish, and use-by dates.
S: the fruit | the veg | the bread | the meat | the salad bags~ | the {product}
P: fresh | ripe | crisp | lovely
N: mouldy | rotten | bruised | wilted | out of date | stale
+: the strawberries last a week in the fridge | veg always looks like it came from a market | the bakery bread is still warm in the morning
-: mouldy raspberries again | salad bags going brown on the shelf | chicken with one day left on the date | the {product} was out of date
?: when do you get deliveries of fresh fish? | do you sell wonky veg boxes?
!: please check dates on the chiller shelves | could you stock more organic veg?
=: bought {n} avocados on {day} | the {product} had a date of {day}
s+: fresh veg | great produce
s-: mouldy fruit | rotten veg | out of date
n+: never had mouldy fruit | not once out of date
n-: not the freshest veg | far from fresh

# stock | Stock and availability | Whether products are on the shelves: empty shelves, discontinued lines and substitutions.
S: the shelves~ | the stock | the range | the choice
P: full | great | wide | well stocked
N: empty | bare | limited | poor
+: always have what I need | great range of free-from products | they got my favourite {product} back in
-: empty shelves every evening | no {product} for three weeks | half my online order substituted
?: when will the {product} be back in stock? | do you still sell the {product}?
!: please stock the {product} again | could you keep more oat milk on the shelf?
=: I shop there on {day} evenings | the {product} is in aisle {n}
s+: great range | well stocked
s-: empty shelves | out of stock | nothing in stock
n+: never out of anything I need | not once found the shelves empty
n-: hardly anything on the shelves | not exactly well stocked

# checkout | Checkout | Tills and self-checkouts: queues, scanners, bagging area errors and how quickly you can pay.
S: the self checkout | the tills~ | the scanners~ | the checkout
P: quick | easy | smooth | fast
N: slow | annoying | broken | temperamental
+: self checkout is quick and easy | they opened another till as soon as the queue built up
-: unexpected item in the bagging area every single time | only one till open on a {day} | the scanners never read the barcode
?: can I pay with my phone at the self checkout? | are the scan-as-you-shop handsets back?
!: please open more tills at lunchtime | please fix the scanner at till {n}
=: I used the self checkout | I paid at till {n}
s+: quick checkout | easy checkout
s-: slow tills | one till open | broken self checkout
n+: never a queue at the tills | not once had a scanner problem
n-: not exactly quick | never enough tills open
x: love waiting for someone to approve my carrots at self checkout | oh great, unexpected item in the bagging area, my favourite phrase

@fast_food | Fast-food chain
place: branch | drive-thru | restaurant
staff: the crew~ | the cashier | the lad on the till | the staff~ | the shift manager
app: the app | the kiosk | the self-order screens~
item: a large meal | a burger and fries | a kids' meal | a wrap
price: the prices~ | the meal deals~ | the app deals~
bill: the receipt | my card payment
support: customer care | the app support team
wait_for: at the drive-thru | for my order | at the counter
thing: order | meal
product: Mega Stack | Chicken Crunch wrap | Cheesy Bites | Big Dipper meal | veggie burger | Triple Melt

# food_quality | Food quality | Taste and state of the food: hot fries, fresh burgers, cooking and how it matches the pictures.
S: the fries~ | the burger | the {product} | the nuggets~ | the food
P: hot | tasty | fresh | crispy | great
N: cold | soggy | greasy | stale | limp
+: fries were hot and salty, just right | the {product} actually looked like the picture | best burger of any chain
-: fries cold and limp | the {product} was squashed flat | bun was stale | nuggets were chewy and grey
?: is the {product} still on the menu? | are the fries cooked in the same oil as the chicken?
!: please bring back the {product} | could you add a proper veggie option?
=: had the {product} meal | got a large fries on {day}
s+: hot fries | tasty burger
s-: cold fries | soggy burger
n+: never had cold fries here | the {product} wasn't bad at all
n-: not exactly fresh | far from hot
x: great, cold fries again, just how I like them

# order_accuracy | Order accuracy | Getting what was ordered: missing items, wrong sauces, ignored requests.
S: my order | the bag | the order
P: correct | right | spot on
N: wrong | missing | incomplete
+: order was spot on, even the extra sauce | they checked the bag in front of me
-: no fries in the bag | asked for no pickles, got extra pickles | drove off and realised half was missing
?: how do I get a refund for a missing item? | can I change my order after paying?
!: please check the bags at the drive-thru | please read the notes on app orders
=: ordered {n} meals at the drive-thru | order number {ref}
s+: order correct
s-: wrong order | missing fries
n+: never had a wrong order | not one thing missing
n-: never right | not once correct

# cleanliness | Cleanliness | Tables, floors, toilets and drink stations in the restaurant.
S: the tables~ | the toilets~ | the floor | the drinks station
P: clean | spotless | tidy
N: filthy | sticky | dirty | disgusting
+: tables cleaned straight away | toilets spotless for a motorway stop
-: every table covered in ketchup | bins overflowing | the floor was sticky
?: are the toilets for customers only?
!: please clean the tables more often
=: we ate in | we sat upstairs
s+: clean | spotless
s-: filthy | dirty tables
n+: never seen it dirty | not a crumb on the tables
n-: not very clean | far from clean
"""
