# ruff: noqa: E501  (phrase banks: one field per line, long lines are the readable form)
"""Cross-industry themes (phrased per industry through slots) and theme-less generic phrases, in English.

Slots in braces are filled per comment from the industry's vocabulary (``{staff}``, ``{app}``, ``{place}``…)
or from :mod:`training.corpus.grammar` (``{mins}``, ``{amount}``, ``{day}``…).
"""

from __future__ import annotations

CROSS_BANK = """
# price_value | Price and value | Whether the {place} feels worth the money: what {item} costs, fees and extras, and value compared with other places. Covers price rises and cheaper competitors.
S: {price} | the value for money | the price of {item} | the pricing
P: reasonable | fair | affordable | competitive | good value | decent value | worth it
N: overpriced | extortionate | steep | expensive | excessive | too high | silly money
+: you get a lot for {amount} | {amount} for {item} felt like a bargain | prices are fair for what you get | cheaper than anywhere else I've tried | worth every penny | good value compared with the {place} down the road | paid {amount} and would happily pay more
-: {amount} for {item} is daylight robbery | prices have gone up again | paid {amount} and it wasn't worth half that | way too expensive for what it is | hidden extras everywhere | they put the price up by {n}% without warning | you pay premium prices for a very average {place} | {amount} for {item}, are you serious
?: do you do a student discount? | is there a price match? | how much is {item} now? | are prices the same online and in the {place}? | do you have a loyalty scheme?
!: please add a cheaper option for {item} | could you show the full price up front? | please bring in a family discount
=: paid {amount} for {item} | {item} was {amount} on {day} | we spent about {amount} in total | the price was {amount} last time
s+: good value | fair prices | great value | worth it | cheap
s-: overpriced | rip off | too expensive | pricey | way overpriced
n+: {amount} for {item} is not bad at all | can't complain about the prices | never felt overcharged
n-: not exactly cheap | not what I'd call good value | {amount} is not reasonable for {item}
x: wow, {amount} for {item}, what a bargain 🙄 | love paying {amount} for {item}, said nobody ever | great, another price rise, just what everyone needed
+: honestly cheaper than I expected | half the price of the place I used before | the deal on {item} was brilliant | you can't beat them on price | the loyalty discount actually makes a difference | prices haven't gone up in ages
-: the price of {item} has nearly doubled | {amount} extra just for booking online | charged {amount} for something that used to be free | can get the same thing for half the price elsewhere | the 'discount' was more expensive than the normal price | paying more every year for less
?: is {item} cheaper if I book ahead? | why is {item} more expensive on the app? | does the price include VAT? | do prices go up at weekends?
!: please publish a price list | could you bring back the weekday offer? | please add a pensioner discount
=: last time it cost {amount} | I paid with a voucher worth {amount} | the total came to {amount} for {n} of us | I had a {n}% off code
s+: bargain | cheap as chips | so affordable | good deal
s-: daylight robbery | robbery | stupidly expensive | not worth it
x: oh good, the price went up again. how generous | {amount}? what a steal. for you, not me

# staff | Staff friendliness | How friendly, polite and helpful {staff} are with customers: greetings, attitude, patience and going the extra mile. Not about their expertise.
S: {staff} | the team~ | everyone we dealt with
P: friendly | polite | helpful | lovely | welcoming | attentive | kind | patient | cheerful | warm
N: rude | unfriendly | dismissive | unhelpful | impatient | grumpy | condescending | cold | sarcastic | abrupt
+: {staff} went out of their way to help | {staff} made us feel really welcome | they remembered my name from last time | {staff} sorted everything with a smile | nothing was too much trouble for {staff} | {staff} treated my kids like VIPs
-: {staff} rolled their eyes at me | {staff} ignored us for ages | nobody even said hello | {staff} talked down to me | got attitude from {staff} the moment I walked in | {staff} were chatting among themselves while we stood there | {staff} laughed when I asked a question
?: what's the name of the person who helped me on {day}? | can I leave feedback about {staff} directly? | who do I speak to about a member of staff?
!: please pass my thanks on to {staff} | could {staff} wear name badges? | please let the manager know about {day}
=: {staff} served us on {day} | there were {n} people working at the time | the same person helped me last {day}
s+: lovely staff | friendly staff | great team | so friendly | helpful staff
s-: rude staff | unfriendly | rude | grumpy staff | no manners
n+: {staff} could not have been nicer | I wouldn't say {staff} were unfriendly | not one rude word from {staff}
n-: {staff} weren't exactly welcoming | nobody could be bothered to help | {staff} made no effort at all
x: love being ignored by {staff}, really makes my day | oh sure, roll your eyes at the customer, great attitude | fantastic, another lecture from {staff} about your policies
+: {staff} were an absolute credit to you | {staff} couldn't do enough for us | {staff} were genuinely lovely to my elderly mum | {staff} stayed calm and kind even when it was chaos | {staff} apologised and made it right straight away
-: {staff} were on their phones the whole time | {staff} argued with me in front of everyone | {staff} shrugged and walked off | {staff} made a joke at my expense | {staff} told me it wasn't their job
?: can I pass on a compliment to {staff}? | is the manager in on {day}? | do you have someone who speaks Polish?
!: please make sure someone is on the front desk at {time} | please give {staff} a bit more training
=: I dealt with {staff} | it was the morning shift | the manager came over at the end
s+: so kind | staff were ace | lovely people | super friendly
s-: so rude | rude people | awful attitude | bad attitude
x: nothing like a sigh and an eye roll to make a customer feel welcome | thanks {staff}, I really enjoyed being treated like a nuisance

# wait_time | Waiting time | How long customers wait {wait_for}: queues, slow service, delays and how quickly things happen.
S: the wait {wait_for} | the queue | the waiting time | the wait
P: short | quick | reasonable | minimal | fine
N: long | endless | ridiculous | painful | unbearable | excessive
+: barely had to wait {wait_for} | waited less than {n} minutes {wait_for} | no queue at all | everything moved quickly | sorted out within {n} minutes | in and out in no time
-: waited {mins} minutes {wait_for} | over an hour {wait_for} | still waiting {wait_for} after {mins} minutes | the queue went out the door | {mins} minutes {wait_for} and no explanation | waited so long we almost left | it took {hours} hours in total
?: how long is the usual wait {wait_for}? | is it quieter on weekdays? | what's the best time to avoid the queue?
!: please add a way to check the wait online | could you text me when it's my turn? | please put more people on at weekends
=: got there at {time} on {day} | it was {time} when we were seen | we arrived at {time} and left at {time2}
s+: no wait | quick | fast service | super quick | no queue
s-: slow | long wait | too slow | slow service | endless queue | sooo slow
n+: never had to wait long | the wait wasn't bad at all | not once kept waiting
n-: not exactly quick | the wait was anything but short | no sense of urgency whatsoever
x: great, another two hours {wait_for}. love it | oh brilliant, {mins} minutes {wait_for}, my favourite hobby | wonderful, the queue is out the door again, what a surprise
+: got sorted before my coffee went cold | quicker than I expected on a {day} | in and out in ten minutes | hardly any wait even at lunchtime
-: waited {mins} minutes and then got told to come back | kept waiting {wait_for} with no update | the wait {wait_for} gets longer every time | the queue barely moved for half an hour | it took {hours} hours for something that should take ten minutes
?: do you have quieter times? | can I book a slot to avoid waiting? | is there a fast track option?
!: please show waiting times on the app | please open another desk when it's busy
=: we were number {n} in the queue | I came straight from work at {time} | there were about {n} people ahead of me
s+: zero wait | very quick | speedy | lightning fast
s-: way too slow | so slow | painfully slow | ages
x: {mins} minutes {wait_for}. i've aged a year. thanks | love spending my lunch break in your queue

# digital | App and website | How well {app} works: booking, logging in, paying, finding information, bugs and crashes.
S: {app} | the booking process | the login | the new update | the checkout
P: easy | simple | slick | intuitive | quick | reliable | smooth | straightforward
N: buggy | clunky | confusing | slow | useless | glitchy | unreliable | broken
+: {app} just works | booked everything in {n} taps | love the latest update | {app} remembers my details which saves time | found what I needed in seconds | paying through {app} takes two seconds
-: {app} keeps crashing | {app} logged me out {n} times today | couldn't pay through {app} | {app} froze at the payment screen | the latest update broke everything | the password reset email never arrives | {app} shows the wrong information | half the buttons on {app} don't do anything
?: how do I change my email in {app}? | is there a dark mode? | does {app} work on older phones? | where do I find my order history? | how do I delete my account?
!: please add Apple Pay | could you add a dark mode? | please let us save more than one card | please bring back the old layout | could you add Google Pay?
=: updated {app} on {day} | I use {app} on an Android phone | I mostly book through {app} | logged in from my laptop on {day}
s+: great app | easy to use | smooth app | love the app | slick
s-: app crashes | buggy app | broken app | useless website | app is trash
n+: never had an issue with {app} | {app} has not crashed once | can't fault {app}
n-: {app} is not exactly user friendly | not once has {app} worked first time | {app} is far from reliable
x: oh wonderful, {app} crashed again | love how {app} logs me out every five minutes | great update, now nothing loads at all. well done | thanks for the update that deleted my saved details, really helpful
+: the app has really improved | the new layout is so much cleaner | notifications are actually useful | everything I need is two taps away | the website is fast even on my old phone
-: the app won't even open since the update | {app} says error every time I try to pay | can't log in with my own password | {app} charged me but shows no booking | the website times out at the last step | {app} drains my battery
?: is the app down? | why can't I log in? | does {app} have a widget? | can I use {app} without an account?
!: please add fingerprint login | please let us change bookings in the app | please fix the login loop
=: I'm on the latest version of {app} | I tried on both wifi and 4G | I reinstalled {app} on {day}
s+: app is great | works perfectly | love the website
s-: app keeps crashing | can't log in | website down | app is useless
x: love a good 'something went wrong' message, very informative | fantastic, {app} logged me out mid-payment. again

# billing | Billing and payments | Bills, charges, refunds and payment methods for {item}: wrong or double charges, direct debits and receipts.
S: {bill} | the invoice | my statement | the refund process
P: clear | accurate | correct | simple | easy to follow | spot on
N: wrong | confusing | inaccurate | incorrect | a mess | impossible to understand
+: refund came through in {n} days | no surprises on {bill} | direct debit was set up in minutes | {bill} was spot on | they refunded the difference without me asking
-: charged twice for the same {thing} | still waiting for a refund of {amount} | {bill} had {amount} extra I never agreed to | they took the payment on the wrong date | got charged after I cancelled | three weeks and no refund | my card was charged {amount} for nothing
?: when will the refund of {amount} show on my card? | can I get a copy of {bill} from {day}? | which card was charged? | can I pay in instalments?
!: please email me a receipt | could you split {bill} into two payments? | please change my payment date to the 1st | please send invoices as PDF
=: paid {amount} by card on {day} | the payment was taken on {day} | my reference is {ref} | I pay by direct debit
s+: easy payment | quick refund | clear billing
s-: double charged | no refund | wrong bill | overcharged | billing mess
n+: never been overcharged | not a single billing error in {n} years | no issues with payments
n-: {bill} is anything but clear | not once was {bill} right | the refund is nowhere to be seen
x: love being charged twice, very generous of me | great, another mystery charge of {amount}. thanks | so nice of you to take my money after I cancelled
+: the bill is clear and easy to read | the refund was back on my card next day | billing is simple and never wrong | they sorted the overcharge straight away
-: my bill went up with no explanation | still being charged after closing my account | the refund went to an old card | charged for something I returned weeks ago | the direct debit came out twice this month
?: why is my bill higher this month? | can I change the card I pay with? | when is the next payment taken?
!: please send me an itemised bill | please cancel the duplicate payment | please stop the direct debit
=: my bill this month was {amount} | I switched to paying by card in {day} | I got an email receipt for {amount}
s+: refund sorted | billing fine | simple billing
s-: charged twice | refund missing | surprise charges | hidden fees
x: great, charged twice again. so generous of me | lovely surprise on my statement this month, {amount} for nothing

# support | Customer support | How {support} handles questions and problems: reachability, reply times, callbacks and whether issues get fixed.
S: {support} | the reply from {support} | the helpline | the live chat
P: responsive | quick | helpful | brilliant | efficient | excellent
N: useless | unreachable | slow | unhelpful | hopeless | clueless
+: {support} sorted it in one call | got a reply within {n} minutes | {support} called me back as promised | they fixed it the same day | the live chat agent actually solved my problem | {support} followed up the next day to check
-: {support} never replied | sent {n} emails and heard nothing | the chatbot goes round in circles | they hung up on me | was promised a callback that never came | {n} calls and still not fixed | every agent tells me something different
?: can you DM me? | what's the best number to reach {support}? | what are the opening hours for {support}? | is there a live chat? | who do I contact about case {ref}?
!: please DM me | could someone call me back on {day}? | please reply to my email from {day} | please send me the complaints address
=: emailed {support} on {day} | my case number is {ref} | spoke to {support} on {day} at {time} | this is my {nth} message about it
s+: great support | helpful support | quick reply | brilliant support
s-: no reply | terrible support | useless support | still waiting | hung up on
n+: never had to chase {support} | not once left without an answer | {support} didn't disappoint
n-: {support} couldn't care less | nobody ever gets back to you | not a single reply in {n} days
x: thanks for the reply, oh wait, there wasn't one | great, {n} calls and on hold again, loving it | brilliant, the chatbot sent me back to the start again. so helpful
+: {support} were patient and really helpful | the agent stayed on the line until it worked | they called me back within the hour | {support} went above and beyond | the first person I spoke to fixed it
-: on hold for {mins} minutes then cut off | {support} keep closing my ticket without fixing anything | the chat agent just sends links | nobody answers the phone | I've explained my problem {n} times to {n} people | they promised to call back and never did
?: how do I raise a complaint? | do you have a number that isn't premium rate? | can I speak to a manager? | has anyone looked at my ticket?
!: please call me back, I've been waiting since {day} | please escalate my complaint | please update my ticket {ref}
=: I called {support} at {time} | I've got a ticket open since {day} | I was transferred {n} times
s+: support sorted it | super helpful support | fast support
s-: no response | ignored | useless helpline | zero help
x: on hold for {mins} minutes listening to the same song, what a treat | great, another 'we value your call'. sure you do
"""

GENERIC_POS = (
    "love it", "great experience overall", "would recommend to anyone", "keep up the good work", "10/10",
    "brilliant as always", "really happy with everything", "can't recommend enough", "you guys are the best",
    "always a pleasure", "highly recommend", "very satisfied", "exceeded my expectations", "never disappoints",
    "five stars", "happy customer here", "thanks for everything", "best {place} in town", "will definitely be back",
    "all good", "love this {place}", "top notch", "absolutely fantastic", "just perfect", "so impressed",
    "you've got a customer for life", "couldn't be happier", "one of the best", "loved every minute",
    "my go-to {place} now", "amazing as usual", "nailed it", "really pleased", "what a great {place}",
    "superb", "faultless", "brilliant service", "spot on", "great job", "thank you so much", "keep it up",
    "best decision I made", "well done everyone", "so glad I found you", "absolute gem", "you never let me down",
    "honestly brilliant", "can't fault it", "smashed it", "always reliable", "a pleasure as ever",
)
GENERIC_NEG = (
    "terrible experience", "never again", "avoid", "worst ever", "very disappointed", "what a shambles",
    "totally unacceptable", "not impressed", "expected much better", "complete waste of time",
    "taking my business elsewhere", "honestly the worst", "shocking", "fed up", "do better", "a real letdown",
    "sort it out", "not happy at all", "so frustrating", "regret choosing you", "worst {place} I've used",
    "awful from start to finish", "a joke", "absolutely dreadful", "disgraceful", "utter rubbish",
    "going downhill fast", "stay away from this {place}", "total nightmare", "embarrassing", "really poor",
    "appalling", "not good", "hopeless", "what a mess", "cancelling", "done with you", "joke of a company",
    "rubbish service", "so disappointed", "absolute disgrace", "never using you again", "avoid at all costs",
    "worst customer experience", "beyond frustrating", "unacceptable", "you've lost a customer",
)
GENERIC_NEU = (
    "no comment", "nothing to add", "n/a", "it was ok", "fine", "average", "as expected", "nothing to report",
    "meh", "it is what it is", "first time using you", "just switched over", "we'll see", "no strong feelings",
    "dunno", "all standard", "it's a {place}", "nothing special either way", "can't think of anything",
    "ok i guess", "same as usual", "not sure yet", "haven't used it much", "nothing comes to mind",
    "no", "none", "-", "nothing", "no feedback", "all fine", "no issues to report", "too early to say",
    "used it once", "see previous survey", "just a regular customer", "no opinion",
)
VERDICT_POS = (
    "Overall really happy", "Would still recommend", "Will be back", "Still a fan", "Still {hi}/10 from me",
    "Overall a great visit", "Happy overall", "On balance, very good", "Definitely coming back",
)
VERDICT_NEG = (
    "Won't be back", "Not recommending you", "Overall disappointed", "Looking elsewhere now", "{lo}/10",
    "Not worth it overall", "Spoilt the whole thing", "Can't recommend", "That's me done with you",
)
