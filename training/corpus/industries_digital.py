# ruff: noqa: E501  (phrase banks: one field per line, long lines are the readable form)
"""Digital services, property and automotive industries, plus the cinema and vet (see :mod:`training.corpus.dsl`)."""

from __future__ import annotations

BANK = """
@streaming | Streaming service
place: service | streaming app | platform
skip: staff
app: the app | the TV app | the website | the smart TV app
item: the premium plan | a monthly subscription | the ad-free tier | a family plan
price: the subscription price | the price rise | the premium plan price | the extra member fee
bill: the monthly charge | my bank statement | the renewal charge
support: customer support | the help centre | the chat agent
wait_for: for the show to load | for support | for a reply
thing: month | subscription
product: Skyline Originals | the Night Harbour series | Kidzone | the Sports Pass | the 4K tier | the Classics collection

# content | Content library | What there is to watch: new releases, variety, removed shows and originals.
S: the content | the library | the selection | {product} | the new releases~
P: great | varied | excellent | fresh | brilliant
N: stale | thin | boring | limited
+: {product} alone is worth the subscription | always something new to watch | great mix of old films and new series
-: they removed half my favourite shows | same films for months | {product} got cancelled after one season
?: is {product} coming back? | when does the new season of {product} drop?
!: please add more foreign films | please bring back {product}
=: I mostly watch {product} | we watched {n} episodes on {day}
s+: great shows | loads to watch
s-: nothing to watch | boring content
n+: never short of something to watch | not bad at all
n-: not exactly fresh | hardly anything new
x: great, another show cancelled after one season. love that for us

# streaming_quality | Streaming quality | Picture and sound quality, buffering and playback across devices.
S: the streaming | the picture quality | the playback | the sound | the 4K
P: smooth | crisp | flawless | sharp
N: choppy | blurry | laggy | broken
+: 4K looks stunning on our new TV | never buffers even on the train | subtitles are perfectly in sync
-: buffers every few minutes in the evenings | sound out of sync with the picture | drops to potato quality on a good connection
?: why does it say my TV doesn't support 4K? | can I download episodes for offline?
!: please fix the subtitle sync on {product} | please add offline downloads on laptops
=: we watch on a 2019 smart TV | I was watching on {day} night
s+: smooth streaming | crisp picture
s-: constant buffering | laggy
n+: never buffers | not once laggy
n-: not exactly smooth | far from crisp

# account_sharing | Accounts and profiles | Profiles, password sharing rules, household limits and logins on new devices.
S: the profiles~ | the household rules~ | the sharing rules~ | the login on the TV
P: simple | fair | easy | flexible
N: confusing | restrictive | annoying | greedy
+: setting up kids' profiles was easy | logging into the TV with a code was painless
-: locked out while on holiday because of the household rule | have to verify every time I travel | my son at uni can't watch anymore
?: how many profiles can I have? | can I watch at my holiday home?
!: please let students use the family plan | please add a profile lock
=: we have {n} profiles | I log in from two homes
s+: easy profiles
s-: greedy sharing rules
n+: never had a login problem | not restrictive at all
n-: not exactly flexible | far from fair

@saas | Business software (SaaS)
place: product | platform | tool
staff: the account manager | the customer success manager | the support engineer | the sales rep | the onboarding team~
app: the dashboard | the web app | the mobile app | the admin console
item: the Pro plan | an extra seat | the enterprise tier | an annual licence
price: the pricing~ | the per-seat price | the renewal price | the new price tiers~
bill: the invoice | the annual renewal | the card charge
support: support | the help desk | the support chat | the ticket queue
wait_for: for a support reply | for the dashboard to load | for an export
thing: seat | invoice
product: the Reports module | the API | the Slack integration | the Workflow builder | the Insights dashboard | the SSO add-on

# features | Features | What the product can do: missing features, workflow fit and the value of new features.
S: the features~ | {product} | the roadmap | the new release
P: powerful | useful | flexible | brilliant | intuitive
N: limited | basic | half-baked | missing
+: {product} saves us hours every week | does exactly what our team needs | the new release added everything we asked for
-: {product} still can't export to Excel | basic features locked behind the enterprise tier | we've asked for bulk edit for {n} years
?: does {product} support custom fields? | is there an API for reporting?
!: please add bulk editing | please add two-factor login for all users
=: we use {product} for our sales team | we have {n} seats
s+: powerful tool | great features
s-: missing features | too basic
n+: never found it lacking | not limited at all
n-: not exactly feature rich | far from complete

# reliability | Reliability | Uptime, outages, data loss and bugs that stop work.
S: the platform | the uptime | {product} | the sync
P: reliable | stable | solid | dependable
N: unstable | flaky | buggy | down
+: not a single outage in {n} years | rock solid even at month end
-: down for {hours} hours on our busiest day | {product} loses changes if two people edit | third outage this month with no status update
?: is there a status page? | was there an outage on {day}?
!: please post incident reports | please add an offline mode
=: the outage started at {time} | we noticed it on {day}
s+: rock solid | reliable
s-: down again | buggy | flaky
n+: never down | not once lost data
n-: not exactly stable | far from reliable
x: love a surprise outage at month end, keeps us on our toes

# onboarding | Onboarding and docs | Setting up the product, training, documentation and migration help.
S: the onboarding | the documentation | the setup | the migration
P: smooth | clear | thorough | easy
N: confusing | outdated | painful | thin
+: we were live in {n} days | the docs answered every question | migration team moved {n} thousand records without a hitch
-: the docs are two versions out of date | onboarding was a single video | took {n} months to get set up
?: is there a training session for new admins? | where are the API docs?
!: please update the docs for {product} | please add a sandbox account
=: we started onboarding on {day} | we migrated from a spreadsheet
s+: easy setup | great docs
s-: outdated docs | painful setup
n+: never got stuck | not difficult at all
n-: not exactly clear | far from easy

@video_games | Video game publisher
place: game | studio | publisher
skip: staff
app: the launcher | the store page | the companion app | the game client
item: the season pass | a skin bundle | the deluxe edition | the battle pass
price: the prices~ | the microtransactions~ | the battle pass price | the deluxe edition price
bill: the purchase | the refund | the store charge
support: support | the help site | the ticket system
wait_for: in the queue | for matchmaking | for a patch | for a reply
thing: purchase | bundle
product: Starfall Legends | the Iron Front expansion | Dragon Coast | the Ranked mode | the Season 4 update | Neon Drift

# gameplay | Gameplay | How the game plays: fun, balance, difficulty, progression and content.
S: the gameplay | {product} | the balance | the progression | the combat
P: addictive | fun | fair | brilliant | smooth
N: boring | grindy | unbalanced | repetitive
+: {product} is the most fun I've had in years | combat feels amazing | perfect difficulty curve
-: progression is a grind unless you pay | {product} is unbalanced since the patch | same three maps for months
?: when is the next season of {product}? | is there crossplay?
!: please add a solo mode | please nerf the sniper rifles
=: I've played {n} hours of {product} | I play on console
s+: so fun | addictive
s-: boring | grindy | unbalanced
n+: never gets boring | not grindy at all
n-: not exactly balanced | far from fun

# bugs_servers | Bugs and servers | Crashes, bugs, lag, server outages and matchmaking problems.
S: the servers~ | the matchmaking | the patch | {product} | the netcode
P: stable | smooth | solid | quick
N: laggy | broken | buggy | unplayable
+: not one crash in {n} hours | matchmaking takes seconds
-: crashes to desktop every hour | servers down every weekend | lost all my progress after the patch | rubber-banding all over the place
?: are the servers down? | is there a fix for the crash on startup?
!: please add EU servers | please fix the save bug
=: it crashed at {time} | I'm on patch 1.{n}
s+: runs smooth | no lag
s-: servers down | crashing | laggy af
n+: never crashed once | not laggy at all
n-: not exactly stable | far from playable
x: great patch, now the game doesn't even start. amazing work

# monetisation | Monetisation | Microtransactions, loot boxes, pay-to-win and value of paid content.
S: the microtransactions~ | the battle pass | the loot boxes~ | the store
P: fair | generous | reasonable
N: greedy | predatory | pay-to-win | shameless
+: everything can be earned by playing | battle pass is good value | free updates every season
-: {amount} for a skin is mental | pay-to-win since the update | the game nags you to buy things constantly
?: can I get a refund on the battle pass? | are loot boxes in {product}?
!: please let us earn skins by playing | please show loot box odds
=: bought the battle pass on {day} | spent {amount} on {product}
s+: fair monetisation
s-: pay to win | greedy
n+: never felt forced to pay | not greedy at all
n-: not exactly generous | far from fair

@property_letting | Letting agency
place: letting agent | agency
staff: the property manager | the letting agent | the agents~ | the maintenance guy | the branch staff~
app: the tenant portal | the app | the website
item: a one bed flat | the holding deposit | a six month tenancy | the referencing fee
price: the rent | the fees~ | the rent increase | the admin fees~
bill: the rent statement | the deposit deduction | the invoice
support: the maintenance line | the office | the out-of-hours line
wait_for: for repairs | for a reply | for my deposit
thing: month | repair
product: Flat 4B | the Maple Court flat | the Riverside apartment | the two bed on Elm Road | Unit 12 | the studio on King Street

# repairs | Repairs and maintenance | How quickly and well repairs are done in the property.
S: the repairs~ | the maintenance | the boiler repair | the contractors~
P: quick | prompt | professional | efficient
N: slow | shoddy | useless | endless
+: boiler fixed the same day | contractor came within {n} hours | they sorted the leak before it got worse
-: no heating for {n} weeks | reported damp {n} times and nothing | the contractor made it worse | washing machine broken since {day}
?: when is someone coming about the boiler? | who do I call for an emergency repair?
!: please send someone about the damp in {product} | please fix the front door lock
=: reported it on {day} | the leak is in the bathroom
s+: quick repairs
s-: no repairs | still broken
n+: never waited long for a repair | not once ignored
n-: not exactly prompt | far from professional
x: great, week {n} with no hot water, very refreshing

# deposit | Deposit | Holding the deposit, inspections at the end of tenancy and deductions.
S: the deposit return | the check-out inspection | the deductions~
P: fair | quick | reasonable
N: unfair | slow | greedy | ridiculous
+: got the full deposit back within a week | inspection was fair and photos matched
-: {amount} taken for "cleaning" a spotless flat | deposit held for {n} months | charged for damage that was in the inventory
?: when will I get my deposit back? | which scheme is my deposit in?
!: please send the check-out report | please return my deposit for {product}
=: moved out on {day} | the deposit was {amount}
s+: full deposit back
s-: deposit scam | unfair deductions
n+: never lost a penny of deposit | not unfair at all
n-: not exactly fair | far from quick

@cinema | Cinema
place: cinema | multiplex
staff: the staff~ | the usher | the guy at the snack bar | the box office staff~ | the manager
app: the app | the website | the ticket kiosk
item: two tickets~ | a large popcorn | an IMAX ticket | a family ticket
price: the ticket prices~ | the snack prices~ | the booking fee | the parking
bill: the booking confirmation | the card payment | the refund
support: customer services | the help desk | the email team
wait_for: at the snack bar | for the film to start | at the box office
thing: ticket | booking
product: Screen 4 | the IMAX screen | the recliner seats~ | the 4DX screen | the VIP lounge | Screen 9

# screen_sound | Picture and sound | Projection, sound, 3D and the viewing experience itself.
S: the picture | the sound | {product} | the projection
P: stunning | crisp | immersive | perfect
N: blurry | muffled | dim | distorted
+: sound in {product} was incredible | picture was razor sharp | felt like being in the film
-: picture was out of focus for the first half hour | sound kept cutting out | the screen was so dim we couldn't see
?: is the film on {product} in 3D? | is there a subtitled showing?
!: please turn the volume down during the adverts | please add more subtitled showings
=: we saw it on {product} | the film started at {time}
s+: amazing sound | great screen
s-: blurry picture | bad sound
n+: never had a sound problem | not blurry at all
n-: not exactly immersive | far from crisp

# seating_comfort | Seating and comfort | Seats, legroom, temperature and the auditorium.
S: the seats~ | the recliners~ | the auditorium | {product}
P: comfy | spacious | plush | clean
N: broken | sticky | cramped | freezing
+: the recliners are bliss | loads of legroom | lovely clean screen
-: my recliner was stuck | seats sticky with old drinks | freezing for the whole three hours
?: can I choose my seat online? | are there wheelchair spaces in {product}?
!: please fix the recliners in row {n} | please turn the air con down
=: sat in row {n} | it was a Saturday showing
s+: comfy seats
s-: broken seats | sticky seats
n+: never uncomfortable | not cramped at all
n-: not exactly comfy | far from clean

# snacks | Snacks and drinks | Popcorn, drinks and food at the snack bar: quality and choice.
S: the popcorn | the nachos~ | the snacks~ | the drinks~
P: fresh | tasty | warm
N: stale | soggy | flat | cold
+: popcorn was fresh and warm | great choice of snacks
-: popcorn tasted days old | drink machine was flat | nachos were cold and hard
?: can I bring my own snacks? | do you have vegan snacks?
!: please add salted caramel popcorn | please open a second till at the snack bar
=: got a medium popcorn | we had drinks from the bar
s+: great popcorn
s-: stale popcorn
n+: never stale | not bad at all
n-: not exactly fresh | far from tasty

@veterinary | Veterinary practice
place: vets | practice | clinic
staff: the vet | the vet nurse | the receptionist | the team~ | the nurses~
app: the app | the website | the online booking
item: a consultation | vaccinations~ | a dental for my dog | the pet health plan
price: the prices~ | the consultation fee | the out-of-hours fee | the medication prices~
bill: the bill | the invoice | the estimate
support: reception | the practice manager | the phone line
wait_for: in the waiting room | for an appointment | for test results
thing: visit | treatment
product: Dr Hughes | Dr Ahmed | the puppy clinic | the nurse clinic | the health plan | Dr Lindqvist

# animal_care | Animal care | How the pet is treated and examined: gentleness, diagnosis, explanation and follow-up.
S: the vet | {product} | the care | the nurses~ | the treatment
P: gentle | caring | thorough | brilliant | kind
N: rough | rushed | careless | cold
+: {product} got down on the floor to calm my nervous dog | they phoned the next day to check on our cat | explained the X-rays in plain words
-: my cat came back with a shaved patch and no explanation | {product} barely looked at him | they missed an obvious infection
?: can I stay with my dog during the jab? | does {product} see rabbits?
!: please send me a copy of the test results | please book my cat in with {product} again
=: took our dog in on {day} | she's a {n} year old Labrador
s+: caring vet | gentle vet
s-: rough vet | rushed vet
n+: never rushed | not rough at all
n-: not exactly gentle | far from caring

# costs_estimates | Costs and estimates | Whether costs are explained before treatment and bills match the estimates.
S: the estimate | the bill | the costs~ | the pricing
P: clear | fair | transparent
N: shocking | inflated | vague | hidden
+: estimate given before any treatment | talked through cheaper options | the bill matched the estimate to the penny
-: bill came to {amount}, double the estimate | charged for tests nobody asked us about | {amount} just to walk through the door
?: how much is a dental for a cat? | does the health plan cover vaccinations?
!: please give written estimates | please itemise the invoice
=: the estimate was {amount} | paid {amount} on {day}
s+: fair prices
s-: shocking bill | hidden costs
n+: no nasty surprises | never overcharged
n-: not exactly cheap | far from transparent

@car_repair | Car garage
place: garage | workshop
staff: the mechanic | the service advisor | the guys at the garage~ | the staff~ | the owner
app: the booking page | the website | the text updates~
item: an MOT | a full service | new brakes | a clutch repair
price: the labour rate | the prices~ | the quote | the parts prices~
bill: the invoice | the final bill | the quote
support: the service desk | reception | the office
wait_for: for the car | for parts | for a quote | for a call back
thing: job | repair
product: the timing belt job | the brake pads | the air con regas | the MOT | the clutch | the EV battery check

# repair_quality | Repair quality | Whether the repair fixes the problem properly first time and the car comes back in good condition.
S: the repair | the work | {product} | the service
P: excellent | solid | thorough | spot on
N: shoddy | botched | sloppy | incomplete
+: the rattle is gone for the first time in a year | found the real fault when two other garages couldn't | car came back cleaner than I left it
-: same warning light back on the next day | {product} was done wrong and I had to go back twice | greasy handprints all over the seats
?: is {product} covered by a guarantee? | do you use genuine parts?
!: please check the noise from the back axle | please send photos of the worn parts
=: left the car on {day} | it's a {n} year old diesel
s+: great job | fixed first time
s-: botched job | still broken
n+: never had to go back | not a single problem since
n-: not exactly thorough | far from fixed

# turnaround | Turnaround time | How long the garage keeps the car and whether promised times are met.
S: the turnaround | the timing | the wait for parts | the job
P: quick | fast | prompt
N: slow | endless | delayed
+: dropped it at 8 and it was ready by lunch | done a day earlier than promised
-: car kept for {n} days for a two hour job | promised Tuesday, ready the next Monday | waited {n} weeks for parts
?: when will the car be ready? | can I wait while you do the MOT?
!: please call me when the car is ready | please give me a courtesy car
=: dropped it off at {time} | collected it on {day}
s+: quick turnaround
s-: took forever
n+: never kept longer than promised | not slow at all
n-: not exactly quick | anything but prompt

# quote_accuracy | Quotes and honesty | Quotes that match the final bill, honest advice and no unnecessary work.
S: the quote | the advice | the final bill
P: honest | fair | accurate | transparent
N: dishonest | inflated | misleading | dodgy
+: told me the tyres had another year in them | final bill was less than the quote | called before doing any extra work
-: bill was {amount} over the quote | tried to sell me {product} I didn't need | added work without asking
?: can you send the quote by email? | is labour included in the quote?
!: please call before doing any extra work | please itemise the labour
=: the quote was {amount} | the bill came to {amount}
s+: honest garage
s-: dodgy quote | rip off garage
n+: never overcharged | not once pushed extras
n-: not exactly honest | far from accurate
"""
