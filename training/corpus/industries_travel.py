# ruff: noqa: E501  (phrase banks: one field per line, long lines are the readable form)
"""Travel, transport and logistics industries (see :mod:`training.corpus.dsl`)."""

from __future__ import annotations

BANK = """
@airline | Airline
place: airline | carrier
staff: the cabin crew~ | the flight attendants~ | the gate agent | the check-in staff~ | the pilot
app: the app | the website | online check-in | the boarding pass app
item: a return flight | a checked bag | a seat upgrade | a flight to Lisbon
price: the fares~ | the bag fees~ | the seat selection fee | the ticket prices~
bill: the booking confirmation | the card charge | the refund
support: the call centre | customer relations | the airline's Twitter team
wait_for: at check-in | at the gate | for our bags | at bag drop
thing: ticket | bag
product: flight SK{n}{n} | the 7am to Madrid | Economy Light fare | Flex Plus fare | the red-eye to Boston | Premium Comfort seat

# baggage | Baggage | Checked and cabin bags: lost, delayed or damaged luggage, bag drop and reclaim times.
S: my suitcase | the baggage handling | the bag drop | our luggage
P: quick | smooth | efficient | painless
N: lost | damaged | delayed | chaotic
+: bags were on the belt before we got there | bag drop took {n} minutes | they found my lost case and couriered it the next day
-: my suitcase arrived with a broken handle | still no sign of my bag after {n} days | waited {mins} minutes at reclaim | they forced my cabin bag into the hold at the gate
?: how do I claim for a damaged suitcase? | what's the cabin bag size limit? | can I add a bag after booking?
!: please send an update on file reference {ref} | please let me add a bag in the app
=: checked {n} bags on {day} | my bag tag number is {ref}
s+: bags on time | quick bag drop
s-: lost luggage | lost bag | broken suitcase
n+: never lost a bag with them | not a scratch on my case
n-: hardly careful with luggage | not once have my bags arrived on time
x: love that my suitcase is having a better holiday than me | great, a new dent in my case, free souvenir

# punctuality | Delays and punctuality | Whether flights leave and land on time; delays, cancellations and how they are announced.
S: the flight | the departure | the connection | {product}
P: on time | punctual | early
N: delayed | late | cancelled | chaotic
+: landed {n} minutes early | left bang on time | they held the connection for us
-: delayed {hours} hours with no explanation | cancelled at the gate at midnight | missed our connection because of a late departure | the delay kept growing every half hour
?: is {product} on time today? | am I owed compensation for a {hours} hour delay?
!: please announce delays earlier | please send gate changes by text
=: flight was scheduled for {time} | we boarded at {time} and took off at {time2}
s+: on time | early landing
s-: delayed again | cancelled flight | late flight
n+: never had a delay with them | not a minute late
n-: never on time | not exactly punctual
x: another {hours} hour delay, what a treat | brilliant, cancelled again, my favourite airline

# seat_comfort | Seat comfort | Legroom, seat width, recline and how comfortable the cabin is on the flight.
S: the seats~ | the legroom | the {product} | the cabin
P: comfortable | roomy | spacious | clean
N: cramped | tiny | uncomfortable | broken
+: loads of legroom even in economy | the seat reclined properly for once | slept the whole way
-: knees against the seat in front for {hours} hours | seat wouldn't recline | tray table was broken and sticky
?: which rows have extra legroom? | can I pay to upgrade to {product}?
!: please bring back the extra legroom rows | could you show the seat map before payment?
=: sat in row {n} | it was a {hours} hour flight
s+: comfy seats | great legroom
s-: no legroom | cramped seats
n+: never felt cramped | the seats were not bad at all
n-: not exactly roomy | hardly any legroom

# inflight_service | In-flight service | Food, drinks, entertainment and the service offered during the flight.
S: the food on board | the meal | the entertainment | the drinks service
P: tasty | decent | great | generous
N: inedible | awful | cold | broken | stingy
+: the meal was actually nice | entertainment had loads of new films | free snacks and drinks the whole flight
-: they ran out of meals by row {n} | screen didn't work the entire flight | paid {amount} for a sad sandwich
?: can I pre-order a vegetarian meal? | is there wifi on {product}?
!: please add more vegetarian meals | could you load some newer films?
=: the trolley came round twice | the flight had wifi
s+: great plane food | tasty meals
s-: awful food | no entertainment
n+: not bad at all for plane food | never had a bad meal with them
n-: not exactly fine dining | hardly a service

@rail | Train operator
place: train company | railway
staff: the guard | the conductor | the station staff~ | the ticket inspector | the staff~
app: the app | the website | the ticket machines~ | the e-ticket app
item: an off-peak return | a season ticket | a first class upgrade | a single to London
price: the fares~ | season tickets~ | the price of an anytime ticket
bill: the refund | the ticket charge | my season ticket renewal
support: Delay Repay | the customer relations team | the helpline
wait_for: for the next train | on the platform | for a replacement bus
thing: ticket | journey
product: the 07:42 | the 18:05 | the Coastliner | the Express | route 7 service | the sleeper

# punctuality | Punctuality | Trains running on time: delays, cancellations, missed connections and replacement buses.
S: the train | the service | {product} | the timetable
P: on time | punctual | reliable
N: late | delayed | cancelled | unreliable
+: {product} has been on time all month | arrived exactly when it said | never missed a meeting because of a delay
-: {product} was cancelled again | {mins} minutes late for the third day running | missed my connection and waited {hours} hours | replacement bus with no notice
?: is {product} running today? | how do I claim Delay Repay? | are there engineering works on {day}?
!: please announce cancellations before people leave home | please add a later train on {day}s
=: I take {product} every weekday | the train left at {time}
s+: on time | reliable trains
s-: late again | cancelled again | delayed
n+: never late this month | not once cancelled
n-: never on time | not exactly reliable
x: {product} cancelled again, what a lovely surprise | great, another replacement bus, so scenic

# crowding | Crowding and seats | Whether there is space on board: standing, short trains, overcrowding and bike space.
S: the carriages~ | the train | {product} | the seating
P: quiet | spacious | comfortable | empty
N: packed | rammed | overcrowded | cramped
+: always get a seat on {product} | they added extra carriages | quiet coach actually quiet
-: stood for an hour with a full ticket | only {n} carriages at rush hour | couldn't even get on the train
?: which trains are usually quieter? | can I reserve a seat on {product}?
!: please run longer trains at rush hour | please add more bike spaces
=: I stood all the way into the city | the train had {n} carriages
s+: got a seat | plenty of space
s-: packed train | standing room only | rammed
n+: never had to stand | not once overcrowded
n-: not exactly roomy | hardly a seat free

# ticketing | Tickets and fares | Buying tickets: machines, e-tickets, fare rules, railcards and checks.
S: the ticket machine | the e-ticket | the fare rules~ | the ticket office
P: easy | simple | clear | quick
N: confusing | broken | complicated | useless
+: e-ticket worked straight away at the barrier | ticket office staff found me the cheapest fare | railcard discount applied automatically
-: machine only takes cash | fined because the ticket machine was broken | e-ticket wouldn't scan at the gate
?: can I use my railcard on {product}? | do I need to print my ticket?
!: please add contactless at the barriers | please fix the machine at platform {n}
=: bought my ticket on {day} | I have a {n} month season ticket
s+: easy tickets
s-: confusing fares | broken machine
n+: never had a problem with the e-tickets | not complicated at all
n-: not exactly simple | far from clear

@ride_hailing | Ride-hailing app
place: app | ride service
staff: the driver | my driver | the drivers~ | the chauffeur
app: the app | the rider app | the map in the app
item: a ride to the airport | a 10 minute trip | a late-night ride | a ride across town
price: the fares~ | surge pricing | the cancellation fee | the prices~
bill: the receipt | the fare | the charge
support: support | the help centre | the in-app help
wait_for: for a driver | for pickup | for the car to arrive
thing: ride | trip
product: Comfort ride | XL ride | Green ride | Pool ride | Black car | Priority pickup

# driver_behaviour | Driver behaviour | How drivers drive and behave: safety, speeding, phone use, courtesy and routes.
S: the driver | my driver | the driving | the drivers~
P: safe | careful | professional | polite | friendly
N: reckless | rude | aggressive | dangerous | distracted
+: drove really smoothly even in the rain | helped me with my bags | knew a quicker way round the traffic
-: was on his phone the whole ride | driving at 50 in a 30 | took a long route to push the fare up | shouted at me for slamming the door
?: how do I report a driver? | can I request the same driver again?
!: please check drivers' licences more often | please let us rate routes separately
=: the driver picked me up at {time} | it was a {product}
s+: great driver | safe driver
s-: rude driver | reckless driver
n+: never felt unsafe | not once had a bad driver
n-: not the safest driver | far from professional
x: loved the free rollercoaster ride from my driver | great, another driver texting at 70mph

# pickup | Pickup and ETA | How long drivers take to arrive, cancellations, wrong pickup points and GPS.
S: the pickup | the ETA | the pin location | the wait for a driver
P: quick | accurate | fast | easy
N: slow | wrong | inaccurate | useless
+: car arrived in {n} minutes | pickup point was exactly right | matched with a driver instantly
-: driver cancelled after {mins} minutes | the pin put me on the wrong street | {n} drivers cancelled in a row
?: why does the pin move when I book? | can I schedule a pickup for {time}?
!: please let me adjust the pickup point after booking | please penalise drivers who cancel
=: booked at {time} | picked up outside the station
s+: quick pickup | fast
s-: driver cancelled | wrong pickup | slow pickup
n+: never waited long | not once cancelled on me
n-: never where the pin says | not exactly quick

# vehicle_condition | Vehicle condition | Cleanliness, smell and condition of the car.
S: the car | the back seat | the vehicle
P: clean | spotless | new | comfortable
N: dirty | smelly | filthy | battered
+: car was spotless with water bottles | brand new electric car, lovely and quiet
-: car stank of smoke | back seat covered in crumbs | seatbelt didn't work
?: can I request an electric car? | is there a child seat option?
!: please add a child seat option | please check cars are clean
=: it was a grey hybrid | the car had {n} seats
s+: clean car
s-: dirty car | smelly car
n+: never had a dirty car | not a bad car at all
n-: not the cleanest car | hardly roadworthy

@car_rental | Car rental
place: rental company | rental desk
staff: the desk staff~ | the agent at the counter | the staff~ | the guy at the return bay
app: the app | the website | the online check-in
item: a week's rental | a compact car | the full insurance | a 7-seater
price: the rates~ | the insurance extras~ | the fuel charge | the young driver fee
bill: the final invoice | the deposit | the card hold
support: customer service | the damage team | the roadside line
wait_for: at the desk | for the shuttle | for the car
thing: rental | booking
product: a Fiat 500 | a VW Golf | an electric Kia | a Toyota Corolla | a Ford Transit | a BMW 3 series

# vehicle_condition | Vehicle condition | State of the rental car: cleanliness, damage, tyres and fuel on pickup.
S: the car | {product} | the tyres~ | the interior
P: clean | new | spotless | perfect
N: dirty | scratched | battered | worn
+: got {product} with only {n} miles on it | car was spotless and full | upgraded to a newer model for free
-: car had a warning light on | sand all over the seats | tyres almost bald | the car smelled of smoke
?: can I choose between {product} and an automatic? | is there a child seat in the car?
!: please record existing damage properly | could you check tyre pressures before handover?
=: we had {product} for {n} days | picked it up on {day}
s+: great car | clean car
s-: dirty car | battered car
n+: never had a bad car with them | not a scratch on it
n-: not exactly new | far from clean

# deposit_charges | Deposits and extra charges | Card holds, damage claims, fuel and add-on charges after the rental.
S: the deposit | the damage charge | the fuel policy | the extras~
P: fair | clear | transparent | reasonable
N: unfair | hidden | outrageous | dodgy
+: deposit released the same day | no hard sell on the insurance | the fuel policy was simple
-: charged {amount} for a scratch that was already there | deposit still held after {n} weeks | forced into buying their insurance at the desk | fuel charge of {amount} for a quarter tank
?: when is the deposit released? | what does the excess cover?
!: please send damage photos with any claim | please release my deposit, reference {ref}
=: the deposit was {amount} | returned the car on {day}
s+: fair charges | no hidden fees
s-: hidden charges | scam charges | deposit stolen
n+: no hidden fees at all | never hit with an extra charge
n-: not exactly transparent | anything but fair
x: love a surprise {amount} damage bill, keeps life exciting

# pickup_return | Pickup and return | Collecting and returning the car: desk process, shuttles, opening hours and key drop.
S: the pickup | the return | the handover | the key drop
P: quick | smooth | easy | painless
N: slow | chaotic | confusing | endless
+: in the car within {n} minutes of landing | key drop was easy out of hours | return took two minutes
-: one agent on the desk and {n} people queueing | the shuttle never came | the return bay was closed
?: where is the return bay? | can I return the car after hours?
!: please open more desks in the morning | please show the shuttle times online
=: picked up at {time} on {day} | returned at the airport
s+: quick pickup | easy return
s-: slow pickup | chaotic return
n+: never had a slow pickup | not a hassle at all
n-: not exactly quick | far from smooth

@parcel_courier | Parcel delivery
place: courier | delivery company
staff: the driver | the courier | the delivery driver | the depot staff~
app: the tracking page | the app | the website
item: a parcel | a next-day delivery | a return label | a signed-for parcel
price: the delivery charges~ | the prices~ | the next-day fee
bill: the receipt | the postage charge
support: customer service | the chatbot | the depot helpline
wait_for: for my parcel | for a redelivery | at the depot
thing: parcel | delivery
product: Express 24 | Next Day Plus | Economy 48 | Signed For | the parcel locker | the 2-hour slot

# delivery_attempts | Delivery attempts | Whether the parcel actually gets delivered: missed-delivery cards, failed attempts, left in the wrong place.
S: the delivery | the driver | the drop-off
P: reliable | careful | quick | spot on
N: careless | lazy | unreliable
+: left it exactly where I asked | delivered while I was in the garden, they knocked twice | driver called when he couldn't find the flat
-: "sorry we missed you" card while I was sitting at home | parcel thrown over the fence | left on the doorstep in the rain | delivered to the wrong house
?: can I change the safe place? | can I collect it from the depot instead?
!: please leave parcels with a neighbour | please ring the bell, it works
=: the card said they came at {time} | the parcel was for my neighbour
s+: delivered perfectly
s-: missed delivery | parcel thrown | wrong house
n+: never missed a delivery | not once left in the rain
n-: never actually knock | not exactly careful
x: love the fake missed-delivery card while I'm at home, very creative | great, my parcel is in a hedge again

# tracking | Tracking | Tracking updates, delivery windows and notifications.
S: the tracking | the delivery window | the updates~ | the notifications~
P: accurate | clear | spot on | helpful
N: useless | wrong | vague | misleading
+: tracking showed the van on the map | one-hour window and they were on time | text updates at every step
-: tracking hasn't updated in {n} days | said delivered but nothing came | window of 7am to 9pm is useless
?: why has my tracking not updated since {day}? | what does "in transit" mean for {n} days?
!: please give a narrower delivery window | please send a photo when you deliver
=: the tracking number is {ref} | it shipped on {day}
s+: great tracking
s-: tracking useless | no updates
n+: never once wrong | not a vague window at all
n-: not exactly accurate | far from helpful

# parcel_condition | Parcel condition | State of parcels on arrival: crushed, opened or wet boxes and broken contents.
S: the parcel | the box | the contents
P: perfect | intact | fine
N: crushed | damaged | soaked | broken
+: arrived in perfect condition | fragile box treated with care
-: box crushed and the glass inside broken | parcel arrived opened and taped up | soaked through from the rain
?: how do I claim for a broken item? | is the parcel insured?
!: please handle fragile parcels with care
=: it was a {n}kg box | it came in a padded bag
s+: perfect condition
s-: crushed box | broken parcel
n+: never had a damaged box | not a dent on it
n-: hardly intact | not exactly handled with care
"""
